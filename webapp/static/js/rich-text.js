// The Quill editor over each textarea[data-rich-text]; the textarea stays in the form, hidden, and carries the
// editor's HTML. A chosen image is described in the page's own form below the editor (alt text required, caption
// optional), uploaded to data-image-url, then inserted: alone, or with its caption as <figure><figcaption>.
const TOOLBAR = [
  [{ header: [2, 3, false] }],
  ["bold", "italic", "underline"],
  [{ list: "ordered" }, { list: "bullet" }],
  ["link", "image", "table"],
  ["clean"],
];

const Delta = Quill.import("delta");
const BlockEmbed = Quill.import("blots/block/embed");

// An image with its caption, kept whole (the caption is changed by inserting the image again).
class Figure extends BlockEmbed {
  static blotName = "figure";
  static tagName = "FIGURE";

  static create(value) {
    const node = super.create();
    const image = document.createElement("img");
    image.setAttribute("src", value.src);
    image.setAttribute("alt", value.alt);
    const caption = document.createElement("figcaption");
    caption.textContent = value.caption;
    node.append(image, caption);
    node.setAttribute("contenteditable", "false");
    return node;
  }

  static value(node) {
    const image = node.querySelector("img");
    if (!image) return null;
    const caption = node.querySelector("figcaption")?.textContent ?? "";
    return { src: image.getAttribute("src"), alt: image.getAttribute("alt") ?? "", caption };
  }

  html() {
    const { src, alt, caption } = Figure.value(this.domNode);
    const figure = document.createElement("figure");
    const image = document.createElement("img");
    image.setAttribute("src", src);
    image.setAttribute("alt", alt);
    const text = document.createElement("figcaption");
    text.textContent = caption;
    figure.append(image, text);
    return figure.outerHTML;
  }
}
Quill.register(Figure);

// The toolbar's buttons and heading names in the page's language (Quill names them in English).
function labelled(toolbar, labels) {
  toolbar.querySelectorAll("button").forEach((button) => {
    const label = labels[button.getAttribute("aria-label")];
    if (label) button.setAttribute("aria-label", (button.title = label));
  });
  toolbar.querySelector(".ql-table").textContent = labels.table;
  toolbar.querySelectorAll(".ql-header .ql-picker-item").forEach((item) => {
    item.dataset.label = labels[item.dataset.value ?? ""];
  });
  const heading = toolbar.querySelector(".ql-header .ql-picker-label");
  heading.dataset.label = labels[""];
  heading.setAttribute("aria-label", labels.header);
}

// The link tooltip's address field: a neutral example and a name (its other words come from app.css, by language).
function labelledTooltip(surface, labels) {
  const address = surface.querySelector(".ql-tooltip input[type=text]");
  address.dataset.link = "https://";
  address.setAttribute("aria-label", labels.address);
}

function richText(textarea) {
  const error = document.getElementById(`${textarea.id}-image-error`);
  const describing = document.getElementById(`${textarea.id}-image-form`);
  const alt = document.getElementById(`${textarea.id}-alt`);
  const caption = document.getElementById(`${textarea.id}-caption`);
  const altError = document.getElementById(`${textarea.id}-alt-error`);
  let chosen = null;
  const surface = document.createElement("div");
  surface.className = "rich-text";
  textarea.before(surface);
  const quill = new Quill(surface, {
    theme: "snow",
    modules: { table: true, toolbar: { container: TOOLBAR, handlers: { image: chooseImage, table: insertTable } } },
  });
  quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
  quill.root.setAttribute("role", "textbox");
  quill.root.setAttribute("aria-multiline", "true");
  quill.root.setAttribute("aria-label", document.querySelector(`label[for="${textarea.id}"]`)?.textContent.trim() ?? "");
  quill.root.dataset.editorFor = textarea.id;
  quill.clipboard.addMatcher("SCRIPT", () => new Delta());
  quill.clipboard.addMatcher("STYLE", () => new Delta());
  const labels = JSON.parse(textarea.dataset.labels);
  labelled(surface.previousElementSibling, labels);
  labelledTooltip(surface, labels);
  textarea.hidden = true;

  // Quill 2.0 writes each space as &nbsp;: plain spaces keep words breakable and searchable.
  const sync = () => {
    textarea.value = quill.getLength() > 1 ? quill.getSemanticHTML().replaceAll("&nbsp;", " ") : "";
  };
  quill.on("text-change", sync);
  textarea.form.addEventListener("submit", sync);

  function insertTable() {
    quill.getModule("table").insertTable(2, 2);
  }

  function chooseImage() {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png";
    input.addEventListener("change", () => input.files[0] && describe(input.files[0]));
    input.click();
  }

  function describe(file) {
    chosen = { file, at: quill.getSelection(true).index };
    alt.value = caption.value = "";
    showAltError(false);
    describing.hidden = false;
    alt.focus();
  }

  function showAltError(shown) {
    altError.hidden = !shown;
    alt.classList.toggle("govuk-input--error", shown);
    if (shown) alt.setAttribute("aria-invalid", "true");
    else alt.removeAttribute("aria-invalid");
  }

  function closeDescribing() {
    describing.hidden = true;
    chosen = null;
    quill.focus();
  }

  function insertDescribed() {
    const text = alt.value.trim();
    if (!text) {
      showAltError(true);
      alt.focus();
      return;
    }
    const { file, at } = chosen;
    const described = { alt: text, caption: caption.value.trim() };
    closeDescribing();
    upload(file, at, described);
  }

  describing.querySelector("[data-image-insert]").addEventListener("click", insertDescribed);
  describing.querySelector("[data-image-cancel]").addEventListener("click", closeDescribing);
  describing.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // the item's own form must not be sent from here
      insertDescribed();
    } else if (event.key === "Escape") {
      closeDescribing();
    }
  });

  async function upload(file, at, described) {
    const body = new FormData();
    body.append("image", file);
    body.append("alt", described.alt);
    body.append("csrf_token", textarea.form.elements.csrf_token.value);
    let answer = {};
    try {
      const response = await fetch(textarea.dataset.imageUrl, { method: "POST", body, credentials: "same-origin" });
      answer = await response.json();
    } catch {
      answer = {};
    }
    error.hidden = Boolean(answer.url);
    if (!answer.url) {
      error.textContent = Object.values(answer.errors ?? {}).join(" ") || textarea.dataset.imageFailed;
      return;
    }
    const inserted = described.caption
      ? new Delta().retain(at).insert({ figure: { src: answer.url, alt: answer.alt, caption: described.caption } })
      : new Delta().retain(at).insert({ image: answer.url }, { alt: answer.alt });
    quill.updateContents(inserted, "user");
    quill.setSelection(at + 1, 0, "silent");
  }
}

document.querySelectorAll("textarea[data-rich-text]").forEach(richText);
