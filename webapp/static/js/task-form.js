// Hide the fields of a task form that belong to another answer; without JavaScript every field stays shown.
document.querySelectorAll("form.task-form").forEach((form) => {
  const update = () => {
    form.querySelectorAll("[data-shown-when]").forEach((field) => {
      const chosen = form.querySelector(`input[name="${field.dataset.shownWhen}"]:checked`);
      field.hidden = !chosen || !field.dataset.values.split(" ").includes(chosen.value);
    });
  };
  form.addEventListener("change", update);
  update();
});
