"""Scripts and conditions of diagrams run under RestrictedPython, with only the helpers diagrams need."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from operator import getitem
from types import CodeType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec, limited_builtins, safe_builtins
from RestrictedPython.Eval import default_guarded_getiter
from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence, safer_getattr
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from sla.calendar import WorkingCalendar
from sla.clock import Clock

_BUILTINS = {**safe_builtins, **limited_builtins, "min": min, "max": max, "sum": sum, "any": any, "all": all}
_GUARDS: dict[str, Any] = {
    "__builtins__": _BUILTINS,
    "_getattr_": safer_getattr,
    "_getitem_": getitem,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_write_": full_write_guard,
}


class ScriptRefused(Exception):
    """A script or condition of a diagram breaks the sandbox rules (imports, private names, syntax)."""


def script_problems(source: str, *, expression: bool) -> list[str]:
    """Why a script (or a condition, when `expression`) may not run; empty when it may."""
    result = (compile_restricted_eval if expression else compile_restricted_exec)(source)
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
    problems = script_problems(source, expression=expression)
    if problems:
        raise ScriptRefused("; ".join(problems))
    result = (compile_restricted_eval if expression else compile_restricted_exec)(source)
    return result.code


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates conditions and runs scripts over task data, with RestrictedPython's guards and our helpers."""

    def __init__(self, helpers: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__({**_GUARDS, **helpers})

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> Any:
        # The guards and helpers come last, so that no task data can replace them.
        return eval(_compiled(expression, True), {**(external_context or {}), **context, **self.globals})

    def execute(self, script: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> bool:
        namespace = {**(external_context or {}), **context, **self.globals}
        exec(_compiled(script, False), namespace)
        hidden = self.globals.keys() | (external_context or {}).keys()
        context.update({k: v for k, v in namespace.items() if k not in hidden and not callable(v)})
        return True


class DossierScriptEngine(PythonScriptEngine):
    """The script engine of one step: restricted, and the one place timers read the time from."""

    def __init__(self, clock: Clock, calendar: WorkingCalendar) -> None:
        self.clock = clock
        super().__init__(RestrictedEnvironment(_helpers(clock, calendar)))


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
