"""Scripts, conditions and timers: they run in the sandbox, read only names something sets, and a condition compares a
form's field with values the form can give."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from engine.errors import N_
from engine.workflow.behaviours import DATA_NAMES, Subject, form_of
from engine.workflow.checks.expressions import comparisons, names_read, names_set
from engine.workflow.elements import Diagram, Element, Flow
from engine.workflow.problems import Problem, Said
from engine.workflow.script_budget import BudgetExceeded
from engine.workflow.script_limits import CONDITION, SCRIPT, TIMER, limit_problems
from engine.workflow.scripting import DossierScriptEngine, script_problems
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

# Timer expressions are tried with every name they read bound to this moment (task data holds ISO strings).
SAMPLE_MOMENT = datetime.fromisoformat("2026-11-23T09:00:00+07:00")
Forms = Callable[[str], dict[str, Any] | None]


def element_timer_problems(element: Element) -> Iterator[Problem]:
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
    beyond = limit_problems(expression, expression=True)
    if beyond:
        return [Problem(p.message, {**p.details, "kind": TIMER}) for p in beyond]
    engine = DossierScriptEngine(ManualClock(SAMPLE_MOMENT), WorkingCalendar())
    helpers = engine.environment.globals
    reads = {node.id for node in ast.walk(ast.parse(expression, mode="eval")) if isinstance(node, ast.Name)}
    context = {name: SAMPLE_MOMENT.isoformat() for name in reads if name not in helpers}
    try:
        value = engine.environment.evaluate(expression, context)
        moment = datetime.fromisoformat(value)  # SpiffWorkflow would silently read a moment without offset as UTC
    except (Exception, BudgetExceeded) as error:  # any failure of a diagram's expression is a problem to report
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


def code_problems(diagram: Diagram, elements: list[Element], subject: Subject, forms: Forms) -> Iterator[Problem]:
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
        return
    for problem in limit_problems(source, expression=expression):
        yield locate(problem.message, kind=kind, **problem.details)


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
