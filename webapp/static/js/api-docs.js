// Swagger UI over the app's own OpenAPI description; the page names it in data-spec (no inline script under the CSP).
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("api-docs");
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true });
});
