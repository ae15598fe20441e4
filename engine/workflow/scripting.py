"""Scripts and conditions of diagrams run under RestrictedPython, with only the helpers diagrams need, within a
budget of lines, call depth and sizes (engine/workflow/script_budget.py)."""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from operator import getitem
from types import CodeType
from typing import Any

from RestrictedPython import (
    CompileResult,
    compile_restricted_eval,
    compile_restricted_exec,
    limited_builtins,
    safe_builtins,
)
from RestrictedPython.Eval import default_guarded_getiter
from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from engine.errors import N_, DomainError
from engine.workflow.problems import Problem, Said
from engine.workflow.script_budget import BudgetExceeded, line_budget, written
from engine.workflow.script_guards import GUARDED_BUILTINS, GUARDS, GuardedPolicy
from engine.workflow.script_limits import CONDITION, SCRIPT, limit_problems
from sla.calendar import WorkingCalendar
from sla.clock import Clock

log = logging.getLogger(__name__)

_BUILTINS = {
    **safe_builtins,
    **limited_builtins,
    "min": min,
    "max": max,
    "any": any,
    "all": all,
    **GUARDED_BUILTINS,
}
_GUARDS: dict[str, Any] = {
    "__builtins__": _BUILTINS,
    "_getitem_": getitem,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_write_": full_write_guard,
    **GUARDS,
}
EXPRESSION = Said(N_("Biểu thức"))


class ScriptRefused(Exception):
    """A script or condition of a diagram breaks the sandbox rules (imports, private names, syntax, limits)."""


class ScriptStopped(DomainError):
    """A script, condition or timer of a diagram stopped the step, which wrote nothing; `problem` says where."""

    code = "script_stopped"
    message = N_(
        "Bước {element} dừng vì {kind} «{code}» {reason} ({detail}): không có gì được ghi. Sơ đồ quy trình {process} "
        "cần sửa, đề nghị báo quản trị hệ thống."
    )

    def __init__(self, task: Any, kind: Said, source: str, reason: Said, detail: str) -> None:
        spec = task.task_spec
        details = {"kind": kind, "code": _excerpt(source), "reason": reason, "detail": detail}
        self.problem = Problem(N_("{kind} «{code}» {reason} ({detail})."), details, spec.bpmn_id, spec.bpmn_name or "")
        element = f"{spec.bpmn_id} «{spec.bpmn_name}»" if spec.bpmn_name else spec.bpmn_id
        super().__init__(element=element, process=task.workflow.spec.name, **details)


def _excerpt(source: str) -> str:
    line = " ".join(source.split())
    return line if len(line) <= 60 else line[:59] + "…"


def _compile(source: str, expression: bool) -> CompileResult:
    return (compile_restricted_eval if expression else compile_restricted_exec)(source, policy=GuardedPolicy)


def script_problems(source: str, *, expression: bool) -> list[str]:
    """Why a script (or a condition, when `expression`) may not run in the sandbox; empty when it may."""
    result = _compile(source, expression)
    problems = list(result.errors)
    if not problems:
        tree = ast.parse(source, mode="eval" if expression else "exec")
        problems += [
            f"Line {node.lineno}: imports are not allowed"
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
    return problems


@lru_cache(maxsize=1024)
def _compiled(source: str, expression: bool) -> CodeType:
    """The code of a script the checks accept; what they refuse never runs, even in a diagram deployed earlier."""
    kind = CONDITION if expression else SCRIPT
    limits = [
        Problem(p.message, {**p.details, "kind": kind}).text() for p in limit_problems(source, expression=expression)
    ]
    problems = script_problems(source, expression=expression) + limits
    if problems:
        raise ScriptRefused("; ".join(problems))
    return _compile(source, expression).code


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates conditions and runs scripts over task data, with RestrictedPython's guards and our helpers."""

    def __init__(self, helpers: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__({**_GUARDS, **helpers})

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> Any:
        # The guards and helpers come last, so that no task data can replace them.
        code = _compiled(expression, True)
        with line_budget():
            return eval(code, {**(external_context or {}), **context, **self.globals})

    def execute(self, script: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> bool:
        namespace = {**(external_context or {}), **context, **self.globals}
        code = _compiled(script, False)
        with line_budget():
            exec(code, namespace)
        hidden = self.globals.keys() | (external_context or {}).keys()
        context.update({k: v for k, v in namespace.items() if k not in hidden and not callable(v)})
        return True


class DossierScriptEngine(PythonScriptEngine):
    """The script engine of one step: restricted, and the one place timers read the time from."""

    def __init__(self, clock: Clock, calendar: WorkingCalendar) -> None:
        self.clock = clock
        super().__init__(RestrictedEnvironment(_helpers(clock, calendar)))

    def evaluate(self, task: Any, expression: str, external_context: dict[str, Any] | None = None) -> Any:
        with _stopping(task, EXPRESSION, expression):
            return super().evaluate(task, expression, external_context)

    def execute(self, task: Any, script: str, external_context: dict[str, Any] | None = None) -> bool:
        with _stopping(task, SCRIPT, script):
            return super().execute(task, script, external_context)


@contextmanager
def _stopping(task: Any, kind: Said, source: str) -> Iterator[None]:
    """A script over its budget, one the checks refuse, or one that fails as it runs (a missing field, a division by
    zero) stops the step with ScriptStopped, reported in the log for the administrators (SpiffWorkflow would wrap it
    in an error the web cannot say)."""
    try:
        _compiled(source, kind is not SCRIPT)
        yield
    except BudgetExceeded as exceeded:
        stopped = ScriptStopped(task, kind, source, Said(exceeded.reason), written(exceeded.limit))
        log.warning("diagram %s stopped over its budget: %s", task.workflow.spec.name, stopped)
        raise stopped from None
    except ScriptRefused as refused:
        stopped = ScriptStopped(task, kind, source, Said(N_("không được phép chạy")), str(refused))
        log.warning("diagram %s refused at run time: %s", task.workflow.spec.name, stopped)
        raise stopped from None
    except WorkflowTaskException as failed:
        detail = f"{failed.error_type}: {failed.__cause__ or failed.__context__ or failed}"[:200]
        stopped = ScriptStopped(task, kind, source, Said(N_("gặp lỗi khi chạy")), detail)
        log.warning("diagram %s failed at run time: %s", task.workflow.spec.name, stopped)
        raise stopped from failed


def _helpers(clock: Clock, calendar: WorkingCalendar) -> dict[str, Callable[..., Any]]:
    """What a diagram may call: the time, working-time arithmetic and Vietnamese date formats."""

    def moment(value: str) -> datetime:
        return calendar.local(datetime.fromisoformat(value))

    return {
        "now": lambda: calendar.local(clock.now()).isoformat(),
        "add_working_days": lambda value, days: calendar.add_working_days(moment(value), days).isoformat(),
        "add_working_hours": lambda value, hours: calendar.add_working_hours(moment(value), hours).isoformat(),
        "format_date": lambda value: moment(value).strftime("%d/%m/%Y"),
        "format_datetime": lambda value: moment(value).strftime("%H:%M ngày %d/%m/%Y"),
    }
