"""Workflows kept in memory between steps: used only when the row is at the version they were saved at."""

from __future__ import annotations

import pytest

from engine.dossiers import step as steps
from engine.runtime import Runtime
from engine.workflow import instances
from tests.integration.engine.conftest import Desk


@pytest.fixture
def loads(monkeypatch) -> list[int]:
    """Records every workflow read from its serialized state."""
    calls: list[int] = []
    load = instances.load

    def counting(row, engine):
        calls.append(row.id)
        return load(row, engine)

    monkeypatch.setattr(instances, "load", counting)
    return calls


def test_a_step_after_a_committed_step_reuses_the_workflow(desk, loads):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    assert loads == [] and len(desk.runtime.workflows) == 1
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]


def test_a_failed_step_leaves_nothing_half_run_behind(desk, loads, monkeypatch):
    code = desk.submit()
    append_event = steps.append_event
    monkeypatch.setattr(steps, "append_event", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert len(desk.runtime.workflows) == 0
    monkeypatch.setattr(steps, "append_event", append_event)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert len(loads) == 1  # read back from the database, as committed before the failure
    assert [t.task_name for t in desk.open_tasks(code)] == ["hand_over"]


def test_a_dossier_moved_by_another_process_is_read_from_the_database(desk, loads, settings, clock):
    code = desk.submit()
    other = Runtime.start(settings, clock)
    try:
        Desk(other, clock).complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    finally:
        other.close()
    assert loads == [1]  # the other process had never seen it
    desk.complete(code, "hand_over", "motcua.anhoa")  # this process's copy is one version behind
    assert loads == [1, 1]
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]
