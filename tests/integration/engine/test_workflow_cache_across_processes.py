"""Two processes on one database, as two web workers: a workflow one of them keeps in memory is used only while its
dossier is at the version it kept; after the other moved the dossier, it is read again from the database."""

from __future__ import annotations

import pytest

from engine.runtime import Runtime
from tests.integration.engine.conftest import Desk


@pytest.fixture
def other_worker(settings, clock):
    runtime = Runtime.start(settings, clock)
    yield Desk(runtime, clock)
    runtime.close()


def test_a_worker_reads_a_dossier_again_after_another_worker_moved_it(desk, other_worker):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert len(desk.runtime.workflows) == 1  # this worker keeps the workflow as it committed it
    other_worker.complete(code, "hand_over", "motcua.anhoa")  # the other worker moves the dossier on

    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh")

    assert [task.task_name for task in desk.open_tasks(code)] == ["department_approval"]
    assert desk.dossier(code).handed_over_at is not None  # the other worker's step was kept
