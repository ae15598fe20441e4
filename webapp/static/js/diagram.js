// Draw a dossier's diagram (bpmn-js, served by the app) and mark the steps open now; without JavaScript the
// page says where the dossier is in words.
document.querySelectorAll("[data-diagram]").forEach(async (container) => {
  const viewer = new BpmnJS({ container });
  try {
    const response = await fetch(container.dataset.diagram, { credentials: "same-origin" });
    const { warnings } = await viewer.importXML(await response.text());
    const canvas = viewer.get("canvas");
    canvas.zoom("fit-viewport");
    const registry = viewer.get("elementRegistry");
    container.dataset.current.split(" ").filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, "current"));
    container.dataset.warnings = warnings.length;
    container.dataset.state = "ready";
  } catch (error) {
    container.dataset.state = "failed";
    container.textContent = container.dataset.failed;
  }
});
