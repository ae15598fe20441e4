"""Checks a diagram must pass before it is deployed (also `motcua procedures check`)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from datetime import datetime

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.specs.base import TaskSpec

from engine.workflow.scripting import DossierScriptEngine, script_problems
from engine.workflow.serializer import ParsedProcess
from engine.workflow.timers import ClockedTimeDateEventDefinition, timers_of
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

# Timer expressions are tried with every name they read bound to this moment (task data holds ISO strings).
SAMPLE_MOMENT = datetime.fromisoformat("2026-11-23T09:00:00+07:00")
LANE_ROLES = frozenset({"reception_clerk", "specialist", "department_leader", "agency_leader", "qa_editor"})


def process_problems(process: ParsedProcess, forms: Iterable[str]) -> list[str]:
    """Everything wrong with a parsed diagram: lanes, forms, timers, scripts, conditions, dead ends."""
    forms = set(forms)
    problems = []
    for spec in (process.spec, *process.subprocess_specs.values()):
        for task_spec in spec.task_specs.values():
            problems += [
                f"{spec.name}/{task_spec.bpmn_id or task_spec.name}: {p}" for p in _task_problems(task_spec, forms)
            ]
        problems += [f"{spec.name}/{name}: no path from here reaches an end" for name in _dead_ends(spec)]
    return problems


def _task_problems(task_spec: TaskSpec, forms: set[str]) -> list[str]:
    problems = []
    if task_spec.manual:
        if task_spec.lane not in LANE_ROLES:
            problems.append(f"lane {task_spec.lane!r} is not one of the roles {sorted(LANE_ROLES)}")
        if task_spec.bpmn_id not in forms:
            problems.append(f"no form forms/{task_spec.bpmn_id}.json for this user task")
    code = [
        ("script", getattr(task_spec, kind))
        for kind in ("script", "prescript", "postscript")
        if getattr(task_spec, kind, None)
    ]
    code += [
        ("condition", condition.args[0])
        for condition, _output in getattr(task_spec, "cond_task_specs", [])
        if condition is not None
    ]
    for timer in timers_of(task_spec):
        if isinstance(timer, ClockedTimeDateEventDefinition):
            problems += [f"timer {timer.expression!r}: {p}" for p in timer_problems(timer.expression)]
        else:
            problems.append("timer: only timeDate timers, with a moment computed in working time, are allowed")
    for kind, source in code:
        problems += [f"{kind} {source!r}: {p}" for p in script_problems(source, expression=kind != "script")]
    return problems


def timer_problems(expression: str) -> list[str]:
    """Why a timeDate expression would not give a moment: it is refused, fails, or gives no aware ISO moment.

    It is evaluated in the diagrams' sandbox, with every name it reads from task data bound to a sample moment.
    """
    problems = script_problems(expression, expression=True)
    if problems:
        return problems
    engine = DossierScriptEngine(ManualClock(SAMPLE_MOMENT), WorkingCalendar())
    helpers = engine.environment.globals
    reads = {node.id for node in ast.walk(ast.parse(expression, mode="eval")) if isinstance(node, ast.Name)}
    context = {name: SAMPLE_MOMENT.isoformat() for name in reads if name not in helpers}
    try:
        value = engine.environment.evaluate(expression, context)
        moment = datetime.fromisoformat(value)  # SpiffWorkflow would silently read a moment without offset as UTC
    except Exception as error:  # any failure of a diagram's expression is a problem to report
        return [f"does not evaluate: {type(error).__name__}: {error}"]
    if moment.utcoffset() is None:
        return [f"gives {value!r}, not an ISO moment with its UTC offset"]
    return []


def _dead_ends(spec: BpmnProcessSpec) -> list[str]:
    """Task specs from which no sequence of outputs reaches a spec without outputs (the end)."""
    reaches_end = {name for name, task_spec in spec.task_specs.items() if not task_spec.outputs}
    changed = True
    while changed:
        changed = False
        for name, task_spec in spec.task_specs.items():
            if name not in reaches_end and any(output.name in reaches_end for output in task_spec.outputs):
                reaches_end.add(name)
                changed = True
    return sorted(set(spec.task_specs) - reaches_end)
