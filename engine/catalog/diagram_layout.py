"""The layout (bpmndi) of a generated diagram: a lane per role, a column per element, the subprocess around the main
flow, flows at right angles; enough for bpmn.io and Camunda Modeler to draw it, and for a person to move it after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from engine.models import Role

if TYPE_CHECKING:
    from engine.catalog.diagrams import Drawing

BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
COLUMN, LANE_HEIGHT, ROW, LEFT, TOP, POOL_LABEL = 130, 260, 80, 190, 80, 30
SIZES = {"task": (100, 80), "event": (36, 36), "gateway": (50, 50)}


def qname(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


Box = tuple[float, float, float, float]  # x, y, width, height


def layout(root: etree._Element, process_key: str, drawing: Drawing, roles: list[Role]) -> None:
    """Shapes and edges: a lane per role, a column per node, the subprocess around the main flow."""
    boxes: dict[str, Box] = {}
    for node in drawing.nodes.values():
        if node.id != "handling" and not node.attached_to:
            width, height = SIZES[node.kind]
            x = LEFT + POOL_LABEL + node.column * COLUMN + (COLUMN - width) / 2
            y = TOP + roles.index(node.role) * LANE_HEIGHT + LANE_HEIGHT / 2 + node.row * ROW - height / 2
            boxes[node.id] = (x, y, width, height)
    inner = [boxes[n.id] for n in drawing.nodes.values() if n.inner and n.id in boxes]
    left = min(b[0] for b in inner) - 30
    right = max(b[0] + b[2] for b in inner) + 30
    boxes["handling"] = (left, TOP + 15, right - left, len(roles) * LANE_HEIGHT - 30)
    for node in drawing.nodes.values():
        if node.attached_to:
            host = boxes[node.attached_to]
            width, height = SIZES["event"]
            if node.attached_to == "handling":
                y = TOP + roles.index(node.role) * LANE_HEIGHT + LANE_HEIGHT / 2 + node.row * ROW
                boxes[node.id] = (host[0] + host[2] - width / 2, y - height / 2, width, height)
            else:
                boxes[node.id] = (host[0] + host[2] - width - 4, host[1] - height / 2, width, height)
    width = max(b[0] + b[2] for b in boxes.values()) + 80 - LEFT
    diagram = etree.SubElement(root, qname(BPMNDI, "BPMNDiagram"), id=f"diagram_{process_key}")
    plane = etree.SubElement(
        diagram, qname(BPMNDI, "BPMNPlane"), id=f"plane_{process_key}", bpmnElement=f"collaboration_{process_key}"
    )
    _shape(plane, f"participant_{process_key}", (LEFT, TOP, width, len(roles) * LANE_HEIGHT), horizontal=True)
    for index, role in enumerate(roles):
        box = (LEFT + POOL_LABEL, TOP + index * LANE_HEIGHT, width - POOL_LABEL, LANE_HEIGHT)
        _shape(plane, f"lane_{role.value}", box, horizontal=True)
    for node in drawing.nodes.values():
        _shape(plane, node.id, boxes[node.id], expanded=node.id == "handling", gateway=node.kind == "gateway")
    for flow in drawing.flows:
        edge = etree.SubElement(plane, qname(BPMNDI, "BPMNEdge"), id=f"{flow.id}_di", bpmnElement=flow.id)
        for x, y in _route(boxes[flow.source], boxes[flow.target]):
            etree.SubElement(edge, qname(DI, "waypoint"), x=f"{x:g}", y=f"{y:g}")


def _shape(
    plane: etree._Element,
    element: str,
    box: Box,
    *,
    horizontal: bool = False,
    expanded: bool = False,
    gateway: bool = False,
) -> None:
    shape = etree.SubElement(plane, qname(BPMNDI, "BPMNShape"), id=f"{element}_di", bpmnElement=element)
    if horizontal:
        shape.set("isHorizontal", "true")
    if expanded:
        shape.set("isExpanded", "true")
    if gateway:
        shape.set("isMarkerVisible", "true")
    x, y, width, height = box
    etree.SubElement(shape, qname(DC, "Bounds"), x=f"{x:g}", y=f"{y:g}", width=f"{width:g}", height=f"{height:g}")


def _route(source: Box, target: Box) -> list[tuple[float, float]]:
    """Right angles: forward from the source's right to the target's left; back round under (or over) both."""
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    s_mid, t_mid = sy + sh / 2, ty + th / 2
    if tx >= sx + sw:
        start, end = (sx + sw, s_mid), (tx, t_mid)
        if abs(s_mid - t_mid) < 1:
            return [start, end]
        middle = (start[0] + end[0]) / 2
        return [start, (middle, s_mid), (middle, t_mid), end]
    s_centre, t_centre = sx + sw / 2, tx + tw / 2
    if t_mid < s_mid:  # back up: over the source, under the target
        channel = ty + th + 20
        return [(s_centre, sy), (s_centre, channel), (t_centre, channel), (t_centre, ty + th)]
    channel = max(sy + sh, ty + th) + 20
    return [(s_centre, sy + sh), (s_centre, channel), (t_centre, channel), (t_centre, ty + th)]
