"""The log of the scheduler's job runs (nhật ký tác vụ định kỳ): each run written as it starts and when it ends, with
what it did or why it failed; runs older than a month are removed as new ones come."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sized
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update

from engine.logs import request_scope
from engine.models import JobOutcome, JobRun
from engine.runtime import Runtime

KEPT = timedelta(days=30)
ERROR_LENGTH = 2000


def run_recorded(runtime: Runtime, name: str, job: Callable[[Runtime], object], *, holder: str = "") -> object:
    """Run the job with a row in the log: `running` first, then `ok` with its counts, or `failed` with the error
    (which is raised again, for the scheduler's own log). A job that reports a failure it handled (a result with a
    non-empty `error`, as a failed backup's record has) is logged as failed too. Its log lines carry `job-<run id>`."""
    started = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        run = JobRun(job=name, holder=holder[:120], started_at=started)
        uow.session.add(run)
        uow.commit()
        run_id = run.id
    with request_scope(f"job-{run_id}"):
        try:
            result = job(runtime)
        except Exception as error:
            _finish(runtime, run_id, name, JobOutcome.FAILED, None, f"{type(error).__name__}: {error}")
            raise
    error = getattr(result, "error", "")
    outcome = JobOutcome.FAILED if isinstance(error, str) and error else JobOutcome.OK
    _finish(runtime, run_id, name, outcome, counts_of(result), error if outcome is JobOutcome.FAILED else "")
    return result


def counts_of(result: object) -> dict[str, Any]:
    """What a job returned, as counts: a list by its length, a mapping or dataclass field by field."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    if isinstance(result, Mapping):
        return {str(key): _count(value) for key, value in result.items() if _count(value) is not None}
    count = _count(result)
    return {} if count is None else {"count": count}


def _count(value: object) -> int | None:
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, Sized) and not isinstance(value, str):
        return len(value)
    return None


def _finish(
    runtime: Runtime, run_id: int, name: str, outcome: JobOutcome, counts: dict[str, Any] | None, error: str
) -> None:
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        uow.session.execute(
            update(JobRun)
            .where(JobRun.id == run_id)
            .values(finished_at=now, outcome=outcome, counts=counts, error=error[:ERROR_LENGTH])
        )
        uow.session.execute(delete(JobRun).where(JobRun.job == name, JobRun.started_at < now - KEPT))
        uow.commit()
