"""A diagram as its author drew it: each element's id, name, line, lane and the extension data that any of the
usual modelers writes (SpiffWorkflow, Camunda 7 and 8, Signavio), read from the XML in its declared encoding."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from engine.errors import N_
from engine.workflow.problems import DiagramInvalid, Problem

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
SIGNAVIO = "http://www.signavio.com"

ACTIVITIES = frozenset(
    {
        "task",
        "userTask",
        "manualTask",
        "scriptTask",
        "serviceTask",
        "sendTask",
        "receiveTask",
        "businessRuleTask",
        "callActivity",
        "subProcess",
        "transaction",
        "adHocSubProcess",
    }
)
EVENTS = frozenset({"startEvent", "endEvent", "intermediateThrowEvent", "intermediateCatchEvent", "boundaryEvent"})
GATEWAYS = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"})
FLOW_NODES = ACTIVITIES | EVENTS | GATEWAYS
CONTAINERS = frozenset({"subProcess", "transaction", "adHocSubProcess"})
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_DECLARATION = re.compile(
    rb"""^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)


@dataclass(frozen=True)
class Element:
    """One flow node: what the modeler wrote on it, and where."""

    id: str
    tag: str
    name: str
    line: int | None
    process: str
    parent: str
    lane: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)
    candidate_groups: tuple[str, ...] = ()
    candidate_users: str = ""
    form_key: str = ""
    due_date: str = ""
    events: tuple[str, ...] = ()
    message: str = ""
    timer: tuple[str, str] | None = None
    loop_input: str = ""
    loop_item: str = ""
    attached_to: str = ""
    called: str = ""
    scripts: tuple[tuple[str, str], ...] = ()  # (script, preScript or postScript; its source)
    loop_output: str = ""
    data_refs: tuple[str, ...] = ()  # the data objects and stores it reads or writes
    interrupting: bool = True

    @property
    def behaviour(self) -> str:
        return self.properties.get("behaviour", "")

    def problem(self, text: str, /, **details: object) -> Problem:
        """A problem of this element, located at it."""
        return Problem(text, details, self.id, self.name, self.line)


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    condition: str
    line: int | None
    parent: str
    name: str = ""


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    line: int | None
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Process:
    id: str
    name: str
    executable: bool
    line: int | None


@dataclass
class Diagram:
    """Everything the engine and the check read from one BPMN document."""

    root: etree._Element
    processes: list[Process] = field(default_factory=list)
    elements: dict[str, Element] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    data_stores: list[Element] = field(default_factory=list)

    def outgoing(self, element_id: str) -> list[Flow]:
        return [flow for flow in self.flows if flow.source == element_id]

    def incoming(self, element_id: str) -> list[Flow]:
        return [flow for flow in self.flows if flow.target == element_id]


def decode(data: bytes) -> str:
    """The document's text, read in the encoding its byte order mark or XML declaration gives (UTF-8 without
    either); a file saved in another encoding than it declares is refused with the line where that shows."""
    declared = _DECLARATION.match(data[:200].replace(b"\x00", b""))
    name = declared.group(1).decode("ascii") if declared else "UTF-8"
    codec = _codec(data, name)
    if codec is None:
        problem = Problem(
            N_("Tệp khai báo bảng mã {encoding} nhưng được lưu bằng bảng mã khác: sửa khai báo hoặc lưu lại tệp."),
            {"encoding": name},
            line=1,
        )
        raise DiagramInvalid("", [problem])
    try:
        return data.decode(codec)
    except LookupError as error:
        problem = Problem(
            N_("Bảng mã {encoding} mà tệp khai báo không được hỗ trợ: lưu tệp bằng UTF-8."), {"encoding": name}, line=1
        )
        raise DiagramInvalid("", [problem]) from error
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(
            N_(
                "Tệp khai báo bảng mã {encoding} nhưng dòng {line} không viết bằng bảng mã đó: lưu lại tệp bằng "
                "{encoding}."
            ),
            {"encoding": name, "line": line},
            line=line,
        )
        raise DiagramInvalid("", [problem]) from error


def _codec(data: bytes, declared: str) -> str | None:
    """The codec to read the bytes with; None when they are plainly not in the declared encoding."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(mark):
            return codec
    if data.startswith(b"<\x00"):
        return "utf-16-le"
    if data.startswith(b"\x00<"):
        return "utf-16-be"
    if declared.lower().replace("-", "").startswith(("utf16", "ucs2")):
        return None  # declared in two bytes a character, written in one
    return declared


def read(text: str) -> Diagram:
    """The diagram in `text`, or DiagramInvalid with the line of the XML error."""
    try:
        root = etree.fromstring(_DECLARED_ENCODING.sub(r"\1", text, count=1).encode("utf-8"), _parser())
    except etree.XMLSyntaxError as error:
        raise DiagramInvalid("", [_syntax_problem(error)]) from error
    if etree.QName(root).namespace != BPMN or etree.QName(root).localname != "definitions":
        problem = Problem(N_("Tệp không phải sơ đồ BPMN 2.0 (phần tử gốc phải là bpmn:definitions)."))
        raise DiagramInvalid("", [problem])
    diagram = Diagram(root)
    messages = {m.get("id"): m.get("name") or m.get("id") for m in root.iter(f"{{{BPMN}}}message")}
    for node in root.iter(f"{{{BPMN}}}process"):
        process = Process(
            node.get("id", ""), node.get("name", ""), node.get("isExecutable", "true") != "false", node.sourceline
        )
        diagram.processes.append(process)
        lane_of = _lanes(node, diagram)
        _read_container(node, process.id, process.id, lane_of, "", messages, diagram)
    return diagram


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _syntax_problem(error: etree.XMLSyntaxError) -> Problem:
    line = error.lineno if error.lineno else None
    return Problem(N_("XML không hợp lệ: {error}"), {"error": error.msg}, line=line)


def _lanes(process: etree._Element, diagram: Diagram) -> dict[str, str]:
    """{flow node id: the name of the innermost lane that holds it}."""
    lane_of: dict[str, str] = {}
    for lane in process.iter(f"{{{BPMN}}}lane"):  # document order: an inner lane comes after its outer one
        nodes = tuple((ref.text or "").strip() for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"))
        diagram.lanes.append(Lane(lane.get("id", ""), lane.get("name", ""), lane.sourceline, nodes))
        for node_id in nodes:
            lane_of[node_id] = lane.get("name", "")
    return lane_of


def _read_container(
    container: etree._Element,
    process: str,
    parent: str,
    lane_of: Mapping[str, str],
    parent_lane: str,
    messages: Mapping[str, str],
    diagram: Diagram,
) -> None:
    for node in container:
        if not isinstance(node.tag, str) or etree.QName(node).namespace != BPMN:
            continue
        tag = etree.QName(node).localname
        if tag == "sequenceFlow":
            condition = node.find(f"{{{BPMN}}}conditionExpression")
            diagram.flows.append(
                Flow(
                    node.get("id", ""),
                    node.get("sourceRef", ""),
                    node.get("targetRef", ""),
                    (condition.text or "").strip() if condition is not None else "",
                    node.sourceline,
                    parent,
                    (node.get("name") or "").strip(),
                )
            )
        elif tag in FLOW_NODES:
            lane = lane_of.get(node.get("id", ""), parent_lane)
            element = _element(node, tag, process, parent, lane, messages)
            diagram.elements[element.id] = element
            if tag in CONTAINERS:
                _read_container(node, process, element.id, lane_of, lane, messages, diagram)
        elif tag in {"dataStoreReference", "dataStore"}:
            diagram.data_stores.append(_element(node, tag, process, parent, "", messages))


def _element(
    node: etree._Element, tag: str, process: str, parent: str, lane: str, messages: Mapping[str, str]
) -> Element:
    definitions = [child for child in node if isinstance(child.tag, str) and child.tag.endswith("EventDefinition")]
    events = tuple(etree.QName(d).localname.removesuffix("EventDefinition") for d in definitions)
    message_ref = next((d.get("messageRef") for d in definitions if d.get("messageRef")), node.get("messageRef"))
    timer = next((_timer(d) for d in definitions if etree.QName(d).localname == "timerEventDefinition"), None)
    loop = node.find(f"{{{BPMN}}}multiInstanceLoopCharacteristics")
    zeebe = {etree.QName(child).localname: child for child in _extensions(node, ZEEBE)}
    return Element(
        id=node.get("id", ""),
        tag=tag,
        name=(node.get("name") or "").strip(),
        line=node.sourceline,
        process=process,
        parent=parent,
        lane=lane,
        properties=dict(_properties(node)),
        candidate_groups=_groups(
            node.get(f"{{{CAMUNDA}}}candidateGroups")
            or _attribute(zeebe.get("assignmentDefinition"), "candidateGroups")
        ),
        candidate_users=node.get(f"{{{CAMUNDA}}}assignee")
        or node.get(f"{{{CAMUNDA}}}candidateUsers")
        or _attribute(zeebe.get("assignmentDefinition"), "assignee"),
        form_key=node.get(f"{{{CAMUNDA}}}formKey")
        or _attribute(zeebe.get("formDefinition"), "formKey")
        or _attribute(zeebe.get("formDefinition"), "formId"),
        due_date=node.get(f"{{{CAMUNDA}}}dueDate") or _attribute(zeebe.get("taskSchedule"), "dueDate"),
        events=events,
        message=messages.get(message_ref, message_ref or "") if message_ref else "",
        timer=timer,
        loop_input=_text(loop, "loopDataInputRef"),
        loop_item=_item(loop),
        attached_to=node.get("attachedToRef", ""),
        called=node.get("calledElement", ""),
        scripts=tuple(_scripts(node, tag)),
        loop_output=_text(loop, "loopDataOutputRef"),
        data_refs=tuple(
            (ref.text or "").strip()
            for association in ("dataInputAssociation/{%s}sourceRef", "dataOutputAssociation/{%s}targetRef")
            for ref in node.findall(f"{{{BPMN}}}" + association % BPMN)
        ),
        interrupting=node.get("cancelActivity", "true") != "false",
    )


def _extensions(node: etree._Element, namespace: str) -> Iterator[etree._Element]:
    holder = node.find(f"{{{BPMN}}}extensionElements")
    if holder is not None:
        yield from (
            child for child in holder if isinstance(child.tag, str) and etree.QName(child).namespace == namespace
        )


def _properties(node: etree._Element) -> Iterator[tuple[str, str]]:
    """Name-value properties from every modeler's extension, the last one written winning."""
    for namespace in (SPIFF, CAMUNDA, ZEEBE):
        for holder in _extensions(node, namespace):
            if etree.QName(holder).localname == "properties":
                for prop in holder:
                    if isinstance(prop.tag, str) and prop.get("name"):
                        yield prop.get("name", "").strip(), (prop.get("value") or prop.text or "").strip()
    for meta in _extensions(node, SIGNAVIO):
        if etree.QName(meta).localname == "signavioMetaData" and meta.get("metaKey"):
            yield meta.get("metaKey", "").strip(), (meta.get("metaValue") or "").strip()


def _scripts(node: etree._Element, tag: str) -> Iterator[tuple[str, str]]:
    if tag == "scriptTask":
        script = node.find(f"{{{BPMN}}}script")
        if script is not None and (script.text or "").strip():
            yield "script", script.text or ""
    for extension in _extensions(node, SPIFF):
        if etree.QName(extension).localname in ("preScript", "postScript") and (extension.text or "").strip():
            yield etree.QName(extension).localname, extension.text or ""


def _timer(definition: etree._Element) -> tuple[str, str]:
    for kind in ("timeDate", "timeDuration", "timeCycle"):
        found = definition.find(f"{{{BPMN}}}{kind}")
        if found is not None:
            return kind, (found.text or "").strip()
    return "", ""


def _groups(value: str | None) -> tuple[str, ...]:
    return tuple(group.strip() for group in (value or "").split(",") if group.strip())


def _attribute(node: etree._Element | None, name: str) -> str:
    return node.get(name, "") if node is not None else ""


def _item(loop: etree._Element | None) -> str:
    """The name each instance of a multi-instance task gets its element under."""
    item = loop.find(f"{{{BPMN}}}inputDataItem") if loop is not None else None
    return (item.get("name") or item.get("id") or "") if item is not None else ""


def _text(node: etree._Element | None, child: str) -> str:
    found = node.find(f"{{{BPMN}}}{child}") if node is not None else None
    return (found.text or "").strip() if found is not None else ""
