// Draw a dossier's diagram (bpmn-js, served by the app), mark the steps done so far and those open now; without
// JavaScript the page says where the dossier is in words.
document.querySelectorAll("[data-diagram]").forEach(async (container) => {
  const viewer = new BpmnJS({ container });
  try {
    const response = await fetch(container.dataset.diagram, { credentials: "same-origin" });
    const { warnings } = await viewer.importXML(await response.text());
    const canvas = viewer.get("canvas");
    canvas.zoom("fit-viewport");
    const registry = viewer.get("elementRegistry");
    const mark = (ids, marker) => ids.split(" ").filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, marker));
    mark(container.dataset.done, "done");
    mark(container.dataset.current, "current");
    container.dataset.warnings = warnings.length;
    container.dataset.state = "ready";
  } catch (error) {
    container.dataset.state = "failed";
    container.textContent = container.dataset.failed;
  }
});
