"""Workflow state names its spec instead of copying it; timers read the injected clock, never the real one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from SpiffWorkflow.util.task import TaskState

from engine.workflow import instances
from engine.workflow.definitions import parse
from engine.workflow.scripting import DossierScriptEngine
from engine.workflow.serializer import WorkflowSerializer
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

DIAGRAM = (Path(__file__).parent / "timer_and_script.bpmn").read_text(encoding="utf-8")


class _Definition:
    """Stands in for a deployed row: what `instances.start` reads of it."""

    id, process_key, sha256, bpmn_xml = 1, "timer_and_script", "f" * 64, DIAGRAM


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))  # Monday 10:00 in Hà Nội


@pytest.fixture
def engine(clock) -> DossierScriptEngine:
    return DossierScriptEngine(clock, WorkingCalendar())


@pytest.fixture
def workflow(engine):
    return instances.start(_Definition(), {"received_at": "2026-11-23T10:00:00+07:00"}, engine)


def _ready(workflow) -> list[str]:
    return [t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.READY, manual=True)]


def _done(workflow) -> set[str]:
    return {t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)}


def test_the_state_carries_a_reference_to_the_spec_not_a_copy(workflow):
    state = json.loads(WorkflowSerializer().dumps(workflow))
    assert state["spec"] == "timer_and_script"
    assert "subprocess_specs" not in state and "task_specs" not in json.dumps(state)


def test_the_state_comes_back_on_the_cached_spec(workflow, engine):
    serializer = WorkflowSerializer()
    restored = serializer.loads(serializer.dumps(workflow), parse("timer_and_script", DIAGRAM), engine)
    assert _ready(restored) == ["hand_over"] and restored.script_engine is engine
    assert restored.get_tasks(state=TaskState.READY)[0].data["label"] == "15:30 ngày 23/11/2026"


def test_the_next_timer_is_the_half_day_deadline(workflow):
    assert instances.next_timer(workflow) == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 15:30 local


def test_the_timer_fires_when_the_injected_clock_passes_it(workflow, clock):
    clock.set(datetime(2026, 11, 23, 8, 29, tzinfo=UTC))
    workflow.refresh_timers()
    workflow.do_engine_steps()
    assert "late" not in _done(workflow)
    clock.set(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    workflow.refresh_timers()
    workflow.do_engine_steps()
    assert "late" in _done(workflow) and _ready(workflow) == ["hand_over"]
    assert instances.next_timer(workflow) is None


def test_the_real_clock_is_never_asked(workflow):
    # Real time is already past 15:30 on 23/11/2026; the injected clock still says 10:00, so nothing fires.
    workflow.refresh_timers()
    workflow.do_engine_steps()
    assert "late" not in _done(workflow)
