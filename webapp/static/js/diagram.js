// Draw a diagram (bpmn-js, served by the app): a dossier's, with its steps done so far and those open now marked, or
// a version's, with the number of dossiers waiting at each step; without JavaScript the page says it in words.
document.querySelectorAll("[data-diagram]").forEach(async (container) => {
  const viewer = new BpmnJS({ container });
  try {
    const response = await fetch(container.dataset.diagram, { credentials: "same-origin" });
    const { warnings } = await viewer.importXML(await response.text());
    const canvas = viewer.get("canvas");
    canvas.zoom("fit-viewport");
    const registry = viewer.get("elementRegistry");
    const mark = (ids, marker) => ids.split(" ").filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, marker));
    mark(container.dataset.done || "", "done");
    mark(container.dataset.current || "", "current");
    const overlays = viewer.get("overlays");
    Object.entries(JSON.parse(container.dataset.counts || "{}")).filter(([id]) => registry.get(id)).forEach(([id, count]) => {
      overlays.add(id, { position: { top: -12, right: 12 }, html: `<span class="diagram-count">${Number(count)}</span>` });
    });
    container.dataset.warnings = warnings.length;
    container.dataset.state = "ready";
  } catch (error) {
    container.dataset.state = "failed";
    container.textContent = container.dataset.failed;
  }
});
