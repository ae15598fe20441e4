// The item editor shows only the fields of the chosen type; without scripts every type's fields show.
const chosen = document.getElementById("content_type");
if (chosen) {
  const show = () => {
    document.querySelectorAll("fieldset[data-type]").forEach((fields) => {
      fields.hidden = fields.dataset.type !== chosen.value;
    });
  };
  chosen.addEventListener("change", show);
  show();
}
