"""The static checks a diagram passes before it is deployed (also `motcua procedures check`): every problem found,
each at its element, with what to do instead."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from engine.errors import N_
from engine.workflow.behaviours import VOCABULARY, Behaviour, Kind, Subject, budget_of, form_of
from engine.workflow.checks.code import Forms, code_problems, element_timer_problems
from engine.workflow.checks.graph import joins_never_complete, never_ending, process_elements, unreachable
from engine.workflow.checks.roles import SUBJECT_WORDS, lane_problems, role_problems
from engine.workflow.elements import Diagram, Element
from engine.workflow.problems import Problem
from forms.validation import UnknownForm, load_form

UNRUNNABLE = frozenset({"serviceTask", "sendTask", "businessRuleTask"})
UNSUPPORTED = frozenset({"adHocSubProcess", "complexGateway"})
THROWN = frozenset({"intermediateThrowEvent", "endEvent", "task"})
CAUGHT = frozenset({"intermediateCatchEvent", "boundaryEvent", "receiveTask"})


def process_problems(diagram: Diagram, process_id: str, subject: Subject, forms: Forms | None = None) -> list[Problem]:
    """Everything wrong with one process of a diagram as drawn, in the order of the document (read from the XML,
    so that it is said even where SpiffWorkflow's parser stops at the first problem)."""
    forms = forms or _shipped_form
    elements = process_elements(diagram, process_id)
    problems = [p for element in elements for p in _element_problems(element, diagram, subject, forms)]
    problems += lane_problems(diagram, elements, subject)
    problems += code_problems(diagram, elements, subject, forms)
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
        yield from element_timer_problems(element)


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
    yield from role_problems(element, subject, behaviour)
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
