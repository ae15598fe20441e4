"""Scripts and conditions of diagrams run sandboxed: no imports, no private attributes, only our helpers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.workflow.scripting import RestrictedEnvironment, ScriptRefused, script_problems


@pytest.fixture
def sandbox() -> RestrictedEnvironment:
    return RestrictedEnvironment({"double": lambda x: 2 * x})


def test_conditions_read_task_data(sandbox):
    assert sandbox.evaluate('check["decision"] == "complete"', {"check": {"decision": "complete"}}) is True


def test_scripts_write_task_data_and_call_helpers(sandbox):
    data = {"days": 3}
    sandbox.execute("total = double(days)\nnames = [n for n in ['a', 'b']]", data)
    assert data == {"days": 3, "total": 6, "names": ["a", "b"]}


@pytest.mark.parametrize(
    "script",
    [
        "import os",
        "from subprocess import run",
        "x = ().__class__.__subclasses__()",
        "x = double.__globals__",
        "x = eval('1')",
        "__import__('os')",
    ],
)
def test_escapes_are_refused_at_check_time_and_at_run_time(sandbox, script):
    assert script_problems(script, expression=False)
    with pytest.raises(ScriptRefused):
        sandbox.execute(script, {})


@pytest.mark.parametrize("script", ["open('/etc/passwd')", "x = getattr(double, '__globals__')"])
def test_what_only_shows_at_run_time_is_refused_there(sandbox, script):
    with pytest.raises((NameError, AttributeError)):
        sandbox.execute(script, {})


def test_task_data_cannot_replace_a_guard(sandbox):
    assert sandbox.evaluate("x[0]", {"x": [1], "_getitem_": lambda *a: "hijacked"}) == 1


def test_helpers_count_in_working_time():
    from engine.workflow.scripting import DossierScriptEngine
    from sla.calendar import WorkingCalendar
    from sla.clock import ManualClock

    engine = DossierScriptEngine(ManualClock(datetime(2026, 11, 23, 2, tzinfo=UTC)), WorkingCalendar())
    environment = engine.environment
    assert environment.evaluate("now()", {}) == "2026-11-23T09:00:00+07:00"
    # Friday 16:00 + 2 working hours = Monday 08:30
    assert environment.evaluate("add_working_hours('2026-11-20T16:00+07:00', 2)", {}) == "2026-11-23T08:30:00+07:00"
    assert environment.evaluate("format_date('2026-11-20T16:00+07:00')", {}) == "20/11/2026"
