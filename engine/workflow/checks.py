"""The static checks a diagram passes before it is deployed (also `motcua procedures check`): every problem found,
each at its element, with what to do instead."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from engine.errors import N_
from engine.models import Role
from engine.workflow.behaviours import (
    DATA_NAMES,
    ROLES,
    VOCABULARY,
    Behaviour,
    Kind,
    Subject,
    budget_of,
    form_of,
    role_of,
)
from engine.workflow.elements import Diagram, Element, Flow
from engine.workflow.expressions import comparisons, names_read, names_set
from engine.workflow.graph import joins_never_complete, never_ending, process_elements, unreachable
from engine.workflow.lanes import role_named
from engine.workflow.problems import Problem, Said
from engine.workflow.scripting import DossierScriptEngine, script_problems
from forms.validation import UnknownForm, load_form
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

# Timer expressions are tried with every name they read bound to this moment (task data holds ISO strings).
SAMPLE_MOMENT = datetime.fromisoformat("2026-11-23T09:00:00+07:00")
ROLE_EXAMPLES = "«Bộ phận một cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở»"
ROLE_WORDS = {  # a role as lanes name it
    Role.RECEPTION_CLERK: "Bộ phận một cửa",
    Role.SPECIALIST: "Chuyên viên",
    Role.DEPARTMENT_LEADER: "Lãnh đạo phòng",
    Role.AGENCY_LEADER: "Lãnh đạo cơ quan",
    Role.QA_EDITOR: "Ban biên tập",
    Role.SUPERVISOR: "Giám sát",
    Role.ADMIN: "Quản trị hệ thống",
}
SUBJECT_WORDS = {Subject.DOSSIER: Said(N_("hồ sơ")), Subject.QUESTION: Said(N_("câu hỏi"))}
CONDITION, SCRIPT, TIMER = Said(N_("Điều kiện")), Said(N_("Script")), Said(N_("Hẹn giờ"))
UNRUNNABLE = frozenset({"serviceTask", "sendTask", "businessRuleTask"})
UNSUPPORTED = frozenset({"adHocSubProcess", "complexGateway"})
THROWN = frozenset({"intermediateThrowEvent", "endEvent", "task"})
CAUGHT = frozenset({"intermediateCatchEvent", "boundaryEvent", "receiveTask"})
Forms = Callable[[str], dict[str, Any] | None]


def process_problems(diagram: Diagram, process_id: str, subject: Subject, forms: Forms | None = None) -> list[Problem]:
    """Everything wrong with one process of a diagram as drawn, in the order of the document (read from the XML,
    so that it is said even where SpiffWorkflow's parser stops at the first problem)."""
    forms = forms or _shipped_form
    elements = process_elements(diagram, process_id)
    problems = [p for element in elements for p in _element_problems(element, diagram, subject, forms)]
    problems += _lane_problems(diagram, elements, subject)
    problems += _code_problems(diagram, elements, subject, forms)
    problems += [
        e.problem(N_("Không có đường nào từ sự kiện bắt đầu đến phần tử này."))
        for e in unreachable(diagram, process_id)
    ]
    problems += [
        e.problem(N_("Từ đây không có đường nào đến một sự kiện kết thúc: quy trình sẽ quay vòng mãi."))
        for e in never_ending(diagram, process_id)
    ]
    problems += [
        join.problem(
            N_(
                "Cổng song song này chờ mọi luồng vào, nhưng các luồng vào ra từ những nhánh khác nhau của cổng "
                "«{split}», nên chỉ một luồng đến và cổng chờ mãi: gộp các nhánh bằng một cổng loại trừ "
                "(exclusiveGateway)."
            ),
            split=split.name or split.id,
        )
        for join, split in joins_never_complete(diagram, process_id)
    ]
    problems += _data_store_problems(diagram, elements)
    problems += _subject_problems(diagram, elements, subject)
    return sorted(problems, key=lambda p: p.line or 0)


def _shipped_form(name: str) -> dict[str, Any] | None:
    try:
        return load_form(name)
    except UnknownForm:
        return None


def _element_problems(element: Element, diagram: Diagram, subject: Subject, forms: Forms) -> Iterator[Problem]:
    yield from _behaviour_problems(element, subject)
    if element.tag == "userTask":
        yield from _user_task_problems(element, subject, forms)
    elif element.tag == "manualTask":
        yield element.problem(
            N_(
                "Bước thủ công (manualTask) không có biểu mẫu để hoàn thành: dùng bước người dùng (userTask) "
                "có biểu mẫu."
            )
        )
    elif element.tag in UNRUNNABLE and not element.behaviour:
        yield element.problem(
            N_(
                "Hệ thống không tự thực hiện được {tag}: dùng bước người dùng (userTask), bước script (scriptTask) "
                "hoặc một sự kiện mang hành vi."
            ),
            tag=element.tag,
        )
    elif element.tag in UNSUPPORTED:
        yield element.problem(N_("Không chạy được {tag}: vẽ lại bằng các cổng và tiểu trình thường."), tag=element.tag)
    elif element.tag == "callActivity" and element.called not in {p.id for p in diagram.processes}:
        yield element.problem(
            N_(
                "Bước gọi quy trình «{called}», nhưng tệp này không có quy trình đó: vẽ phần đó thành tiểu trình "
                "(subProcess) trong cùng sơ đồ."
            ),
            called=element.called,
        )
    if element.tag == "startEvent" and element.parent == element.process and element.events:
        yield element.problem(
            N_(
                "Quy trình bắt đầu khi {subject} được gửi: dùng một sự kiện bắt đầu thường, không phải sự kiện {event}."
            ),
            subject=SUBJECT_WORDS[subject],
            event=element.events[0],
        )
    if "message" in element.events and element.tag in CAUGHT and not element.behaviour:
        yield element.problem(
            N_(
                "Không có gì gửi thông điệp «{message}» tới sự kiện này: ghi hành vi supplement_received, "
                "apology_requested, stop_requested hoặc withdrawal_requested."
            ),
            message=element.message or element.id,
        )
    if element.timer is not None and element.behaviour != "handover_deadline":
        yield from _timer_problems(element)


def _behaviour_problems(element: Element, subject: Subject) -> Iterator[Problem]:
    if "behavior" in element.properties and not element.behaviour:
        yield element.problem(N_("Thuộc tính «behavior» phải viết là «behaviour»."))
    if not element.behaviour:
        return
    behaviour = VOCABULARY.get(element.behaviour)
    if behaviour is None:
        close = difflib.get_close_matches(element.behaviour, list(VOCABULARY), n=1)
        if close:
            yield element.problem(
                N_("Hành vi «{behaviour}» không có trong danh mục hành vi; có phải «{suggestion}»?"),
                behaviour=element.behaviour,
                suggestion=close[0],
            )
        else:
            yield element.problem(
                N_("Hành vi «{behaviour}» không có trong danh mục hành vi (docs/procedures.md)."),
                behaviour=element.behaviour,
            )
        return
    if behaviour.subject is not subject:
        yield element.problem(
            N_("Hành vi «{behaviour}» dùng cho sơ đồ {other}, không dùng được trong sơ đồ {subject}."),
            behaviour=behaviour.name,
            other=SUBJECT_WORDS[behaviour.subject],
            subject=SUBJECT_WORDS[subject],
        )
    if not _fits(behaviour, element):
        yield element.problem(_PLACES[behaviour.kind], behaviour=behaviour.name, tag=element.tag)


def _fits(behaviour: Behaviour, element: Element) -> bool:
    if behaviour.kind is Kind.USER_TASK:
        return element.tag == "userTask"
    if behaviour.kind is Kind.REACHED:
        return element.tag in THROWN
    if behaviour.kind is Kind.MESSAGE:
        return element.tag in CAUGHT and "message" in element.events
    return element.tag in CAUGHT and "timer" in element.events


_PLACES = {
    Kind.USER_TASK: N_("Hành vi «{behaviour}» là một bước người dùng: đặt nó trên một userTask, không phải {tag}."),
    Kind.REACHED: N_(
        "Hành vi «{behaviour}» xảy ra khi quy trình đi qua: đặt nó trên một sự kiện ném (intermediateThrowEvent) "
        "hoặc sự kiện kết thúc (endEvent), không phải {tag}."
    ),
    Kind.MESSAGE: N_(
        "Hành vi «{behaviour}» chờ một yêu cầu từ bên ngoài: đặt nó trên một sự kiện bắt thông điệp "
        "(intermediateCatchEvent, boundaryEvent hoặc receiveTask có messageEventDefinition), không phải {tag}."
    ),
    Kind.TIMER: N_(
        "Hành vi «{behaviour}» là một mốc thời gian: đặt nó trên một sự kiện hẹn giờ (timerEventDefinition), "
        "không phải {tag}."
    ),
}


def _user_task_problems(element: Element, subject: Subject, forms: Forms) -> Iterator[Problem]:
    behaviour = VOCABULARY.get(element.behaviour)
    if element.candidate_users:
        yield element.problem(
            N_(
                "Giao bước cho người cụ thể («{users}») không được hỗ trợ: bước được giao cho một vai trò trong đơn "
                "vị; dùng làn hoặc candidateGroups thay cho assignee, candidateUsers."
            ),
            users=element.candidate_users,
        )
    yield from _role_problems(element, subject, behaviour)
    if "behavior" in element.properties or (element.behaviour and behaviour is None):
        return  # its form follows from the behaviour, said wrong above
    form = form_of(element)
    schema = forms(form) if form else None
    if not form:
        yield element.problem(
            N_(
                "Bước người dùng chưa có biểu mẫu: ghi thuộc tính form (hoặc camunda:formKey), hoặc một hành vi có "
                "biểu mẫu riêng."
            )
        )
    elif schema is None:
        yield element.problem(N_("Không có biểu mẫu forms/{form}.json cho bước này."), form=form)
    elif behaviour is not None:
        for name in behaviour.fields:
            if name not in schema.get("properties", {}):
                yield element.problem(
                    N_("Biểu mẫu {form} thiếu trường «{field}» mà hành vi «{behaviour}» cần."),
                    form=form,
                    field=name,
                    behaviour=behaviour.name,
                )
    text = element.properties.get("working_time") or element.due_date
    if text and budget_of(element) is None:
        yield element.problem(
            N_("Thời gian làm việc «{text}» không đọc được: viết như 4h, 0,5d, 04 giờ, 02 ngày, PT4H hoặc P2D."),
            text=text,
        )
    if element.behaviour == "contribute" and (element.loop_input, element.loop_item) != ("contributors", "contributor"):
        yield element.problem(
            N_(
                "Hành vi contribute là một bước nhiều phiên bản (multiInstanceLoopCharacteristics) trên danh sách "
                "«contributors», mỗi phiên bản nhận «contributor» (một cơ quan phối hợp)."
            )
        )


def _role_problems(element: Element, subject: Subject, behaviour: Behaviour | None) -> Iterator[Problem]:
    role = role_of(element)
    named = element.candidate_groups or tuple(filter(None, [element.properties.get("role", "")]))
    if role is None and named:
        unknown = [name for name in named if role_named(name) is None]
        if unknown:
            yield element.problem(
                N_("Nhóm «{group}» không ứng với vai trò nào: dùng một tên vai trò như {examples}."),
                group=unknown[0],
                examples=ROLE_EXAMPLES,
            )
        else:
            yield element.problem(
                N_("Một bước chỉ thuộc một vai trò, nhưng các nhóm ({groups}) chỉ những vai trò khác nhau."),
                groups=", ".join(named),
            )
        return
    if role is None:
        if not element.lane:
            yield element.problem(
                N_(
                    "Bước người dùng không có vai trò: đặt nó trong một làn mang tên vai trò (như «Bộ phận một cửa»), "
                    "hoặc ghi candidateGroups hoặc thuộc tính role."
                )
            )
        return  # a named lane without a role is said once, at the lane
    if role not in ROLES[subject]:
        if named:  # a lane is said once, at the lane
            yield element.problem(
                N_("Vai trò «{role}» không xử lý {subject}: sơ đồ {subject} dùng các vai trò {roles}."),
                role=ROLE_WORDS[role],
                subject=SUBJECT_WORDS[subject],
                roles=_words(ROLES[subject]),
            )
    elif behaviour is not None and behaviour.roles and role not in behaviour.roles:
        yield element.problem(
            N_("Hành vi «{behaviour}» do {roles} thực hiện, không phải «{role}»: đặt bước vào làn của vai trò đó."),
            behaviour=behaviour.name,
            roles=_words(behaviour.roles),
            role=ROLE_WORDS[role],
        )


def _lane_problems(diagram: Diagram, elements: list[Element], subject: Subject) -> Iterator[Problem]:
    """A lane whose name is no role, or a role the subject cannot use, said once, when a user task relies on it."""
    relying = {
        e.lane
        for e in elements
        if e.tag == "userTask" and e.lane and not e.candidate_groups and "role" not in e.properties
    }
    for lane in diagram.lanes:
        if lane.name not in relying:
            continue
        relying.discard(lane.name)
        role = role_named(lane.name)
        if role is not None and role not in ROLES[subject]:
            yield Problem(
                N_("Vai trò của làn «{lane}» không xử lý {subject}: sơ đồ {subject} dùng các vai trò {roles}."),
                {"lane": lane.name, "subject": SUBJECT_WORDS[subject], "roles": _words(ROLES[subject])},
                lane.id,
                lane.name,
                lane.line,
            )
        elif role is None:
            yield Problem(
                N_(
                    "Làn «{lane}» không ứng với vai trò nào: đặt tên làn như {examples}, hoặc ghi vai trò cho từng "
                    "bước (candidateGroups hoặc thuộc tính role)."
                ),
                {"lane": lane.name, "examples": ROLE_EXAMPLES},
                lane.id,
                lane.name,
                lane.line,
            )


def _timer_problems(element: Element) -> Iterator[Problem]:
    kind, expression = element.timer or ("", "")
    if kind != "timeDate":
        yield element.problem(
            N_(
                "Hẹn giờ chỉ dùng mốc thời gian (timeDate) tính theo giờ làm việc, như handover_due hoặc "
                "add_working_hours(received_at, 4); khoảng thời gian và chu kỳ sẽ đọc đồng hồ thật."
            )
        )
        return
    for problem in timer_problems(expression):
        yield element.problem(problem.message, **problem.details)


def timer_problems(expression: str) -> list[Problem]:
    """Why a timeDate expression would not give a moment: it is refused, fails, or gives no aware ISO moment.

    It is evaluated in the diagrams' sandbox, with every name it reads from task data bound to a sample moment.
    """
    refused = script_problems(expression, expression=True)
    if refused:
        return [Problem(N_("{kind} không được phép chạy: {problems}"), {"kind": TIMER, "problems": "; ".join(refused)})]
    engine = DossierScriptEngine(ManualClock(SAMPLE_MOMENT), WorkingCalendar())
    helpers = engine.environment.globals
    reads = {node.id for node in ast.walk(ast.parse(expression, mode="eval")) if isinstance(node, ast.Name)}
    context = {name: SAMPLE_MOMENT.isoformat() for name in reads if name not in helpers}
    try:
        value = engine.environment.evaluate(expression, context)
        moment = datetime.fromisoformat(value)  # SpiffWorkflow would silently read a moment without offset as UTC
    except Exception as error:  # any failure of a diagram's expression is a problem to report
        return [
            Problem(
                N_("Hẹn giờ «{expression}» không tính được: {error}"),
                {"expression": expression, "error": f"{type(error).__name__}: {error}"},
            )
        ]
    if moment.utcoffset() is None:
        return [
            Problem(
                N_("Hẹn giờ «{expression}» cho «{value}», không phải một thời điểm ISO có múi giờ (+07:00)."),
                {"expression": expression, "value": value},
            )
        ]
    return []


def _code_problems(diagram: Diagram, elements: list[Element], subject: Subject, forms: Forms) -> Iterator[Problem]:
    """Scripts and conditions run in the sandbox and read only names something sets; conditions compare a form's
    fields with values the form can give."""
    by_id = {e.id: e for e in elements}
    known = set(DATA_NAMES[subject]) | set(_helpers())
    forms_of: dict[str, str] = {}
    for element in elements:
        known |= {element.id, element.loop_item, element.loop_output, element.behaviour}
        known |= {name for _kind, source in element.scripts for name in names_set(source)}
        if element.tag == "userTask" and form_of(element):
            forms_of[element.id] = forms_of[element.behaviour or element.id] = form_of(element)
    known.discard("")
    for element in elements:
        for _kind, source in element.scripts:
            yield from _sandbox(element.problem, SCRIPT, source, expression=False)
            yield from _unset(element.problem, SCRIPT, names_read(source, expression=False) - known, known)
        if element.timer and element.timer[0] == "timeDate" and element.behaviour != "handover_deadline":
            yield from _unset(element.problem, TIMER, names_read(element.timer[1], expression=True) - known, known)
    for flow in diagram.flows:
        if flow.condition and flow.source in by_id:
            locate = _at_flow(flow)
            yield from _sandbox(locate, CONDITION, flow.condition, expression=True)
            yield from _unset(locate, CONDITION, names_read(flow.condition, expression=True) - known, known)
            yield from _compared(locate, flow.condition, forms_of, forms)


def _helpers() -> list[str]:
    return list(DossierScriptEngine(ManualClock(SAMPLE_MOMENT), WorkingCalendar()).environment.globals)


def _at_flow(flow: Flow) -> Callable[..., Problem]:
    return lambda text, /, **details: Problem(text, details, flow.id, flow.name, flow.line)


def _sandbox(locate: Callable[..., Problem], kind: Said, source: str, *, expression: bool) -> Iterator[Problem]:
    refused = script_problems(source, expression=expression)
    if refused:
        yield locate(N_("{kind} không được phép chạy: {problems}"), kind=kind, problems="; ".join(refused))


def _unset(locate: Callable[..., Problem], kind: Said, names: set[str], known: set[str]) -> Iterator[Problem]:
    for name in sorted(names):
        close = difflib.get_close_matches(name, sorted(known), n=3)
        close.sort(key=lambda candidate: candidate not in DATA_NAMES[Subject.DOSSIER] | DATA_NAMES[Subject.QUESTION])
        if close:
            yield locate(
                N_("{kind} đọc «{name}», nhưng không có gì đặt giá trị này; có phải «{suggestion}»?"),
                kind=kind,
                name=name,
                suggestion=close[0],
            )
            continue
        yield locate(
            N_(
                "{kind} đọc «{name}», nhưng không có gì đặt giá trị này: dùng mã hoặc hành vi của một bước người "
                "dùng (dữ liệu biểu mẫu của bước đó), một tên hệ thống đặt (docs/procedures.md) hoặc một tên do "
                "script gán."
            ),
            kind=kind,
            name=name,
        )


def _compared(
    locate: Callable[..., Problem], condition: str, forms_of: dict[str, str], forms: Forms
) -> Iterator[Problem]:
    for comparison in comparisons(condition):
        form = forms_of.get(comparison.name)
        schema = forms(form) if form else None
        if schema is None:
            continue
        field = schema.get("properties", {}).get(comparison.field)
        if field is None:
            yield locate(
                N_('Điều kiện đọc {name}["{field}"], nhưng biểu mẫu {form} không có trường «{field}».'),
                name=comparison.name,
                field=comparison.field,
                form=form,
            )
            continue
        allowed = field.get("enum")
        for value in comparison.values:
            if allowed is not None and value not in allowed:
                yield locate(
                    N_(
                        'Điều kiện so sánh {name}["{field}"] với «{value}», nhưng trường này chỉ nhận {values}: '
                        "điều kiện không bao giờ đúng."
                    ),
                    name=comparison.name,
                    field=comparison.field,
                    value=value,
                    values=", ".join(map(str, allowed)),
                )


def _data_store_problems(diagram: Diagram, elements: list[Element]) -> Iterator[Problem]:
    stores = {store.id: store for store in diagram.data_stores}
    for store in stores.values():
        yield store.problem(
            N_("Kho dữ liệu (data store) không được hỗ trợ: dữ liệu của hồ sơ nằm trong hồ sơ và biểu mẫu các bước.")
        )
    for element in elements:
        for ref in element.data_refs:
            if ref in stores:
                yield element.problem(
                    N_(
                        "Bước này đọc hoặc ghi kho dữ liệu «{store}», điều không được hỗ trợ: bỏ liên kết với kho "
                        "dữ liệu."
                    ),
                    store=stores[ref].name or ref,
                )


def _words(roles: frozenset[Role]) -> str:
    return ", ".join(f"«{words}»" for role, words in ROLE_WORDS.items() if role in roles)


def _subject_problems(diagram: Diagram, elements: list[Element], subject: Subject) -> Iterator[Problem]:
    """What a dossier diagram cannot do without: receiving the dossier, and signing right where it is signed."""
    if subject is not Subject.DOSSIER or not elements:
        return
    if "dossier_received" not in {e.behaviour for e in elements}:
        process = next(p for p in diagram.processes if p.id == elements[0].process)
        yield Problem(
            N_(
                "Sơ đồ hồ sơ không có phần tử nào mang hành vi dossier_received: hồ sơ sẽ không bao giờ được tiếp "
                "nhận (không có giấy biên nhận, không có ngày hẹn trả kết quả)."
            ),
            element=process.id,
            name=process.name,
            line=process.line,
        )
    for element in elements:
        if element.behaviour == "decision_signed":
            before = _tasks_before(diagram, element.id)
            if not before or any(task.behaviour != "sign" for task in before):
                yield element.problem(
                    N_(
                        "Hành vi decision_signed phải đi ngay sau bước ký (hành vi sign): kết quả được ký số bằng "
                        "chứng thư của lãnh đạo trong chính bước đó."
                    )
                )


def _tasks_before(diagram: Diagram, element_id: str) -> list[Element]:
    """The user tasks whose completion leads to this element without another user task in between."""
    found, seen, stack = [], set(), [element_id]
    while stack:
        current = diagram.elements.get(stack.pop())
        if current is None or current.id in seen:
            continue
        seen.add(current.id)
        if current.id != element_id and current.tag == "userTask":
            found.append(current)
            continue
        stack += [flow.source for flow in diagram.incoming(current.id)]
        if current.attached_to:
            stack.append(current.attached_to)
    return found
