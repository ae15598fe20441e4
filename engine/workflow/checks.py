"""Checks a diagram must pass before it is deployed (also `motcua procedures check`)."""

from __future__ import annotations

from collections.abc import Iterable

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.specs.base import TaskSpec

from engine.workflow.scripting import script_problems
from engine.workflow.serializer import ParsedProcess
from engine.workflow.timers import ClockedTimeDateEventDefinition, timers_of

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
            code.append(("timer", timer.expression))
        else:
            problems.append("timer: only timeDate timers, with a moment computed in working time, are allowed")
    for kind, source in code:
        problems += [f"{kind} {source!r}: {p}" for p in script_problems(source, expression=kind != "script")]
    return problems


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
