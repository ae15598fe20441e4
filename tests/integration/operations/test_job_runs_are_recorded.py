"""Every scheduler job run leaves a row: running, then ok with its counts or failed with its error; old rows go."""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.logs import json_handler
from engine.models import JobOutcome, JobRun
from engine.operations.job_runs import KEPT, counts_of
from engine.operations.lease import Lease
from sla.scheduler import run_leased


def _runs(runtime) -> list[JobRun]:
    with runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(JobRun).order_by(JobRun.id)))


def test_a_successful_run_is_recorded_with_its_counts_and_holder(runtime, clock):
    def flag(rt):
        clock.advance(timedelta(seconds=3))
        return {"due_soon": ["Q1", "Q2"], "overdue": []}

    assert run_leased(Lease(runtime, holder="web-1"), flag, runtime, "flag_question_deadlines") == {
        "due_soon": ["Q1", "Q2"],
        "overdue": [],
    }
    [run] = _runs(runtime)
    assert (run.job, run.holder, run.outcome, run.error) == ("flag_question_deadlines", "web-1", JobOutcome.OK, "")
    assert run.counts == {"due_soon": 2, "overdue": 0}
    assert run.finished_at - run.started_at == timedelta(seconds=3)


def test_a_failing_run_is_recorded_with_its_error_and_still_raised(runtime):
    def broken(rt):
        raise RuntimeError("SMTP server refused the connection")

    with pytest.raises(RuntimeError):
        run_leased(Lease(runtime, holder="web-1"), broken, runtime, "deliver_outbox")
    [run] = _runs(runtime)
    assert run.outcome is JobOutcome.FAILED and run.finished_at is not None
    assert run.error == "RuntimeError: SMTP server refused the connection"


def test_a_failure_the_job_handled_itself_counts_as_failed(runtime):
    @dataclass
    class Record:  # what scheduled_backup returns
        error: str

    run_leased(Lease(runtime, holder="web-1"), lambda rt: Record("disk full"), runtime, "scheduled_backup")
    [run] = _runs(runtime)
    assert (run.outcome, run.error) == (JobOutcome.FAILED, "disk full")


def test_a_standby_records_nothing(runtime):
    assert Lease(runtime, holder="web-1").hold()
    assert run_leased(Lease(runtime, holder="web-2"), lambda rt: 1, runtime, "fire_due_timers") is None
    assert _runs(runtime) == []


def test_runs_older_than_a_month_are_removed_as_new_ones_come(runtime, clock):
    lease = Lease(runtime, holder="web-1")
    run_leased(lease, lambda rt: [], runtime, "fire_due_timers")
    run_leased(lease, lambda rt: [], runtime, "refresh_sla_states")
    clock.advance(KEPT + timedelta(minutes=1))
    run_leased(lease, lambda rt: ["HS-1"], runtime, "fire_due_timers")
    assert [(run.job, run.counts) for run in _runs(runtime)] == [
        ("refresh_sla_states", {"count": 0}),  # another job's runs go with that job's next run
        ("fire_due_timers", {"count": 1}),
    ]
    with runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(JobRun)) == 2


def test_the_log_lines_of_a_run_carry_its_id(runtime):
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger("engine.test_job")
    logger.addHandler(handler)
    try:
        run_leased(Lease(runtime, holder="web-1"), lambda rt: logger.warning("two timers late"), runtime, "timers")
    finally:
        logger.removeHandler(handler)
    [run] = _runs(runtime)
    line = json.loads(stream.getvalue())
    assert (line["message"], line["request_id"]) == ("two timers late", f"job-{run.id}")


def test_counts_read_lists_mappings_dataclasses_and_numbers():
    @dataclass
    class Report:
        sent: int
        failed: int

    assert counts_of(Report(3, 1)) == {"sent": 3, "failed": 1}
    assert counts_of(["a", "b"]) == {"count": 2}
    assert counts_of(7) == {"count": 7}
    assert counts_of(None) == {}
    assert counts_of({"codes": ("a",), "note": "text"}) == {"codes": 1}
