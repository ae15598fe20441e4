"""The BPMN diagram of a step table on the one-stop pattern (`motcua procedures generate`), laid out for modelers.

Reception checks the dossier (supplementation loop, refusal) and hands it over within half a working day; the
steps of the table follow in order, each in its role's lane with its own working time; the review proposes a
result, a supplementation or a refusal (a leader approves the last two); leaders' approvals and the signature may
send the dossier back to the review; the result goes back to the applicant. Apology, stop and withdrawal requests
are caught on the subprocess that holds the main flow, as in the shipped one_stop diagram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from engine.catalog.diagram_layout import BPMNDI, DC, DI, layout, qname
from engine.catalog.step_tables import TableStep
from engine.models import Role
from engine.text import fold
from engine.workflow.elements import BPMN, SPIFF
from sla.deadlines import TimeUnit

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "spiffworkflow": SPIFF}
LANE_NAMES = {
    Role.RECEPTION_CLERK: "Bộ phận một cửa",
    Role.SPECIALIST: "Chuyên viên",
    Role.DEPARTMENT_LEADER: "Lãnh đạo phòng",
    Role.AGENCY_LEADER: "Lãnh đạo cơ quan",
}
MESSAGES = ("supplement_received", "apology_requested", "stop_requested", "withdrawal_requested")


@dataclass
class Node:
    id: str
    tag: str
    name: str
    role: Role
    column: int
    row: int = 0  # -1 above the lane's middle, 1 below it
    inner: bool = True  # inside the subprocess that holds the main flow
    behaviour: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    documentation: str = ""
    event: str = ""  # message, timer or terminate
    attached_to: str = ""
    interrupting: bool = True
    default: str = ""

    @property
    def kind(self) -> str:
        return "gateway" if self.tag.endswith("Gateway") else "event" if self.tag.endswith("Event") else "task"


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str = ""


@dataclass
class Drawing:
    """The nodes and flows, each node in a column of its own unless it stands `beside` the one before."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    column: int = 0

    def add(self, node_id: str, tag: str, name: str, role: Role, *, beside: bool = False, **details: object) -> Node:
        if not beside:
            self.column += 1
        node = Node(node_id, tag, name, role, self.column, **details)  # type: ignore[arg-type]
        self.nodes[node_id] = node
        return node

    def event(
        self, node_id: str, tag: str, name: str, role: Role, *, behaviour: str | None = None, **details: object
    ) -> Node:
        """An event; its behaviour is its id unless given ("" for none); a message behaviour catches a message."""
        behaviour = node_id if behaviour is None else behaviour
        node = self.add(node_id, tag, name, role, behaviour=behaviour, **details)
        node.event = node.event or ("message" if behaviour in MESSAGES else "")
        return node

    def flow(self, source: Node, target: Node, name: str = "", condition: str = "", *, default: bool = False) -> None:
        flow = Flow(f"flow_{source.id}_{target.id}", source.id, target.id, name, condition)
        self.flows.append(flow)
        if default:
            source.default = flow.id

    def decision(self, node: Node, gateway_id: str, name: str) -> Node:
        gateway = self.add(gateway_id, "exclusiveGateway", name, node.role, inner=node.inner, row=node.row)
        self.flow(node, gateway)
        return gateway


def generate(process_key: str, name: str, steps: list[TableStep]) -> str:
    """The diagram's XML: the process, a lane per role, and the layout (bpmndi) that modelers draw."""
    drawing = Drawing()
    signer = next(s.role for s in steps if s.behaviour == "sign")
    approver = next((s.role for s in steps if s.behaviour == "department_approval"), signer)
    submitted = drawing.event(
        "dossier_submitted", "startEvent", "Hồ sơ được nộp", Role.RECEPTION_CLERK, behaviour="", inner=False
    )
    hand_over = _reception(drawing, steps[0])
    previous, name_on, by_default, review = hand_over, "", False, hand_over
    for step in steps[1:-1]:
        task = _task(drawing, step)
        drawing.flow(previous, task, name_on, default=by_default)
        previous, name_on, by_default = task, "", False
        if step.behaviour == "review":
            review = task
            previous, name_on, by_default = _review(drawing, task, approver, signer), "Dự thảo kết quả", True
        elif step.behaviour in ("department_approval", "sign"):
            decided = drawing.decision(task, f"{task.id}_decided", "Ký?" if step.behaviour == "sign" else "Duyệt?")
            drawing.flow(decided, review, "Trả lại", f'{task.id}["decision"] == "send_back"')
            previous, name_on, by_default = decided, "Đồng ý", True
            if step.behaviour == "sign":
                signed = drawing.event("decision_signed", "intermediateThrowEvent", "Đã ký kết quả", step.role)
                drawing.flow(decided, signed, "Ký", default=True)
                previous, name_on, by_default = signed, "", False
    returned = _task(drawing, steps[-1])
    drawing.flow(previous, returned, name_on, default=by_default)
    drawing.flow(returned, drawing.event("result_returned", "endEvent", "Đã trả kết quả", Role.RECEPTION_CLERK))
    handling = drawing.add("handling", "subProcess", "Giải quyết hồ sơ", Role.RECEPTION_CLERK, inner=False, beside=True)
    closed = drawing.event(
        "dossier_closed",
        "endEvent",
        "Kết thúc hồ sơ",
        Role.RECEPTION_CLERK,
        behaviour="",
        inner=False,
        event="terminate",
    )
    drawing.flow(submitted, handling)
    drawing.flow(handling, closed)
    _request(drawing, handling, signer, "apology", "Đề nghị xin lỗi, hẹn lại", "Duyệt văn bản xin lỗi, hẹn lại", row=-1)
    _request(drawing, handling, signer, "stop", "Đề nghị dừng xử lý", "Duyệt dừng xử lý", row=0)
    withdrawn = drawing.event(
        "withdrawal_requested",
        "boundaryEvent",
        "Công dân rút hồ sơ",
        signer,
        inner=False,
        row=1,
        attached_to=handling.id,
    )
    drawing.flow(
        withdrawn,
        drawing.event("dossier_withdrawn", "endEvent", "Đã rút hồ sơ", signer, inner=False, row=1, event="terminate"),
    )
    return etree.tostring(_definitions(process_key, name, drawing), encoding="unicode", pretty_print=True)


def _reception(drawing: Drawing, step: TableStep) -> Node:
    """The check with its supplementation loop and refusal, the receipt, the hand-over with its half-day timer."""
    clerk = Role.RECEPTION_CLERK
    started = drawing.event("handling_started", "startEvent", "Bắt đầu xử lý", clerk, behaviour="")
    check = _task(drawing, step)
    drawing.flow(started, check)
    checked = drawing.decision(check, "completeness_checked", "Kết quả kiểm tra?")
    asked = drawing.event("supplement_requested", "intermediateThrowEvent", "Đã yêu cầu bổ sung", clerk, row=-1)
    awaited = drawing.event(
        "await_supplement",
        "intermediateCatchEvent",
        "Chờ công dân bổ sung",
        clerk,
        row=-1,
        behaviour="supplement_received",
    )
    refused = drawing.event("refused_at_reception", "endEvent", "Từ chối tiếp nhận", clerk, row=1, beside=True)
    received = drawing.event("dossier_received", "intermediateThrowEvent", "Đã tiếp nhận hồ sơ", clerk)
    drawing.flow(checked, asked, "Chưa đầy đủ", f'{check.id}["decision"] == "incomplete"')
    drawing.flow(asked, awaited)
    drawing.flow(awaited, check)
    drawing.flow(checked, refused, "Không đủ điều kiện", f'{check.id}["decision"] == "ineligible"')
    drawing.flow(checked, received, "Đầy đủ, hợp lệ", default=True)
    hand_over = drawing.add("hand_over", "userTask", "Chuyển hồ sơ cho phòng chuyên môn", clerk, behaviour="hand_over")
    drawing.flow(received, hand_over)
    deadline = drawing.event(
        "handover_deadline",
        "boundaryEvent",
        "Hết hạn chuyển (nửa ngày làm việc)",
        clerk,
        beside=True,
        event="timer",
        attached_to=hand_over.id,
        interrupting=False,
    )
    late = drawing.event("handover_late", "intermediateThrowEvent", "Chuyển hồ sơ muộn", clerk, row=-1)
    noted = drawing.event("handover_late_noted", "endEvent", "Đã ghi nhận chuyển muộn", clerk, row=-1, behaviour="")
    drawing.flow(deadline, late)
    drawing.flow(late, noted)
    return hand_over


def _task(drawing: Drawing, step: TableStep) -> Node:
    """A step of the table: its behaviour's own id and form, or a plain step with the form that confirms it."""
    properties = {} if step.behaviour else {"form": "complete_step"}
    if step.budget is not None:
        unit = "h" if step.budget.unit is TimeUnit.WORKING_HOURS else "d"
        properties["working_time"] = f"{step.budget.amount:g}{unit}"
    plain = not step.behaviour or step.behaviour == "department_approval"
    return drawing.add(
        _slug(step.name, drawing.nodes) if plain else step.behaviour,
        "userTask",
        step.name,
        step.role,
        behaviour=step.behaviour,
        properties=properties,
        documentation=f"Trách nhiệm: {step.role_text}. Đơn vị: {step.unit or '—'}. Thời gian: {step.time_text or '—'}.",
    )


def _review(drawing: Drawing, review: Node, approver: Role, signer: Role) -> Node:
    """The review's proposals: a supplementation or a refusal goes to a leader first; a draft result goes on."""
    proposed = drawing.decision(review, "review_proposed", "Đề xuất?")
    approve_supplement = drawing.add(
        "approve_supplement", "userTask", "Duyệt yêu cầu bổ sung", approver, row=-1, behaviour="approve_supplement"
    )
    supplement_decided = drawing.decision(approve_supplement, "supplement_decided", "Duyệt?")
    asked = drawing.event(
        "supplement_requested_after_review",
        "intermediateThrowEvent",
        "Đã yêu cầu bổ sung",
        review.role,
        row=-1,
        behaviour="supplement_requested",
    )
    awaited = drawing.event(
        "await_review_supplement",
        "intermediateCatchEvent",
        "Chờ công dân bổ sung",
        review.role,
        row=-1,
        behaviour="supplement_received",
    )
    approve_refusal = drawing.add(
        "approve_refusal", "userTask", "Duyệt từ chối giải quyết", signer, row=1, behaviour="approve_refusal"
    )
    refusal_decided = drawing.decision(approve_refusal, "refusal_decided", "Duyệt?")
    refused = drawing.event("refused_after_review", "endEvent", "Từ chối giải quyết", signer, row=1)
    drawing.flow(proposed, approve_supplement, "Yêu cầu bổ sung", 'review["proposal"] == "supplement"')
    drawing.flow(supplement_decided, asked, "Đồng ý", 'approve_supplement["decision"] == "approve"')
    drawing.flow(supplement_decided, review, "Không đồng ý", default=True)
    drawing.flow(asked, awaited)
    drawing.flow(awaited, review)
    drawing.flow(proposed, approve_refusal, "Từ chối giải quyết", 'review["proposal"] == "refuse"')
    drawing.flow(refusal_decided, refused, "Đồng ý", 'approve_refusal["decision"] == "approve"')
    drawing.flow(refusal_decided, review, "Không đồng ý", default=True)
    return proposed


def _request(drawing: Drawing, handling: Node, signer: Role, kind: str, asked: str, approve: str, *, row: int) -> None:
    """An apology or stop request caught on the subprocess, approved by the leader who signs; a refused one waits
    for the next request (a non-interrupting boundary event catches once)."""
    caught = drawing.event(
        f"{kind}_requested",
        "boundaryEvent",
        asked,
        signer,
        inner=False,
        row=row,
        beside=True,
        attached_to=handling.id,
        interrupting=False,
    )
    task = drawing.add(
        f"approve_{kind}", "userTask", approve, signer, inner=False, row=row, behaviour=f"approve_{kind}"
    )
    decided = drawing.decision(task, f"{kind}_decided", "Duyệt?")
    condition = f'approve_{kind}["decision"] == "approve"'
    if kind == "apology":
        approved = drawing.event(
            "apology_approved", "intermediateThrowEvent", "Đã duyệt xin lỗi, hẹn lại", signer, inner=False, row=row
        )
        drawing.flow(decided, approved, "Đồng ý", condition)
        sent = drawing.event(
            "apology_sent", "endEvent", "Đã gửi văn bản xin lỗi", signer, inner=False, row=row, behaviour=""
        )
        drawing.flow(approved, sent)
    else:
        stopped = drawing.event(
            "dossier_stopped", "endEvent", "Đã dừng xử lý", signer, inner=False, row=row, event="terminate"
        )
        drawing.flow(decided, stopped, "Đồng ý", condition)
    again = drawing.event(
        f"await_{kind}_request",
        "intermediateCatchEvent",
        "Chờ đề nghị mới",
        signer,
        inner=False,
        row=row,
        behaviour=f"{kind}_requested",
    )
    drawing.flow(caught, task)
    drawing.flow(decided, again, "Không đồng ý", default=True)
    drawing.flow(again, task)


def _slug(name: str, taken: dict[str, Node]) -> str:
    """A stable id from the step's name, so that a table redrawn later keeps its ids (and running dossiers migrate)."""
    words = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:40].rstrip("_") or "buoc"
    slug, number = f"step_{words}", 2
    while slug in taken:
        slug, number = f"step_{words}_{number}", number + 1
    return slug


def _definitions(process_key: str, name: str, drawing: Drawing) -> etree._Element:
    root = etree.Element(
        qname(BPMN, "definitions"),
        nsmap=NAMESPACES,
        id=f"definitions_{process_key}",
        targetNamespace=f"http://motcua.gov.vn/bpmn/{process_key}",
        exporter="Một Cửa (motcua procedures generate)",
        exporterVersion="1.0",
    )
    collaboration = etree.SubElement(root, qname(BPMN, "collaboration"), id=f"collaboration_{process_key}")
    etree.SubElement(
        collaboration, qname(BPMN, "participant"), id=f"participant_{process_key}", name=name, processRef=process_key
    )
    for message in MESSAGES:
        etree.SubElement(root, qname(BPMN, "message"), id=f"msg_{message}", name=message)
    process = etree.SubElement(root, qname(BPMN, "process"), id=process_key, name=name, isExecutable="true")
    roles = [role for role in LANE_NAMES if any(n.role is role for n in drawing.nodes.values())]
    lanes = etree.SubElement(process, qname(BPMN, "laneSet"), id=f"lanes_{process_key}")
    for role in roles:
        lane = etree.SubElement(lanes, qname(BPMN, "lane"), id=f"lane_{role.value}", name=LANE_NAMES[role])
        for node in drawing.nodes.values():
            if node.role is role and node.id != "handling":
                etree.SubElement(lane, qname(BPMN, "flowNodeRef")).text = node.id
    handling = None
    for node in drawing.nodes.values():
        if not node.inner:
            element = _node(process, node, drawing)
            handling = element if node.id == "handling" else handling
    for node in drawing.nodes.values():
        if node.inner:
            _node(handling, node, drawing)
    for flow in drawing.flows:
        inner = drawing.nodes[flow.source].inner
        _flow(handling if inner else process, flow)
    layout(root, process_key, drawing, roles)
    return root


def _node(parent: etree._Element, node: Node, drawing: Drawing) -> etree._Element:
    element = etree.SubElement(parent, qname(BPMN, node.tag), id=node.id, name=node.name)
    if node.default:
        element.set("default", node.default)
    if node.attached_to:
        element.set("attachedToRef", node.attached_to)
        element.set("cancelActivity", "true" if node.interrupting else "false")
    if node.documentation:
        etree.SubElement(element, qname(BPMN, "documentation")).text = node.documentation
    properties = {**({"behaviour": node.behaviour} if node.behaviour else {}), **node.properties}
    if properties:
        holder = etree.SubElement(
            etree.SubElement(element, qname(BPMN, "extensionElements")), qname(SPIFF, "properties")
        )
        for key, value in properties.items():
            etree.SubElement(holder, qname(SPIFF, "property"), name=key, value=value)
    for flow in drawing.flows:
        if flow.target == node.id:
            etree.SubElement(element, qname(BPMN, "incoming")).text = flow.id
    for flow in drawing.flows:
        if flow.source == node.id:
            etree.SubElement(element, qname(BPMN, "outgoing")).text = flow.id
    if node.event == "message":
        etree.SubElement(element, qname(BPMN, "messageEventDefinition"), messageRef=f"msg_{node.behaviour}")
    elif node.event == "timer":
        timer = etree.SubElement(element, qname(BPMN, "timerEventDefinition"))
        moment = etree.SubElement(timer, qname(BPMN, "timeDate"))
        moment.set(qname(XSI, "type"), "bpmn:tFormalExpression")
        moment.text = "handover_due"
    elif node.event == "terminate":
        etree.SubElement(element, qname(BPMN, "terminateEventDefinition"))
    return element


def _flow(parent: etree._Element, flow: Flow) -> None:
    element = etree.SubElement(
        parent, qname(BPMN, "sequenceFlow"), id=flow.id, sourceRef=flow.source, targetRef=flow.target
    )
    if flow.name:
        element.set("name", flow.name)
    if flow.condition:
        condition = etree.SubElement(element, qname(BPMN, "conditionExpression"))
        condition.set(qname(XSI, "type"), "bpmn:tFormalExpression")
        condition.text = flow.condition
