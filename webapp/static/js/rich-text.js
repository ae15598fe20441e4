// The Quill editor over each textarea[data-rich-text]; the textarea stays in the form, hidden, and carries the
// editor's HTML. Images are uploaded to data-image-url with their description (alt text) before they are inserted.
const TOOLBAR = [
  [{ header: [2, 3, false] }],
  ["bold", "italic", "underline"],
  [{ list: "ordered" }, { list: "bullet" }],
  ["link", "image", "table"],
  ["clean"],
];

const Delta = Quill.import("delta");

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

function richText(textarea) {
  const error = document.getElementById(`${textarea.id}-image-error`);
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
  labelled(surface.previousElementSibling, JSON.parse(textarea.dataset.labels));
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
    input.addEventListener("change", () => input.files[0] && upload(input.files[0]));
    input.click();
  }

  async function upload(file) {
    const alt = window.prompt(textarea.dataset.altPrompt);
    if (alt === null) return;
    const body = new FormData();
    body.append("image", file);
    body.append("alt", alt);
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
    const at = quill.getSelection(true).index;
    quill.updateContents(new Delta().retain(at).insert({ image: answer.url }, { alt: answer.alt }), "user");
    quill.setSelection(at + 1, 0, "silent");
  }
}

document.querySelectorAll("textarea[data-rich-text]").forEach(richText);
