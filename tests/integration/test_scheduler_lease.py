"""Exactly one scheduler runs the jobs: a lease row in the database, taken over when its holder stops renewing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.models import SchedulerLease
from engine.operations.lease import LEASE_TIME, Lease
from engine.runtime import Runtime
from sla.scheduler import run_leased


@pytest.fixture
def other_runtime(settings, clock):
    """A second process on the same database (its own engine and connections), on the same test clock."""
    rt = Runtime.start(settings, clock)
    yield rt
    rt.close()


def test_the_first_scheduler_holds_the_lease_and_the_second_stands_by(runtime, other_runtime, clock):
    first, second = Lease(runtime, holder="web-1"), Lease(other_runtime, holder="web-2")
    assert first.hold() and not second.hold()
    clock.advance(LEASE_TIME - timedelta(seconds=1))
    assert first.hold()  # renewed: the standby keeps waiting
    renewed_until = clock.now() + LEASE_TIME
    clock.advance(LEASE_TIME - timedelta(seconds=1))
    assert not second.hold()
    with runtime.unit_of_work() as uow:
        row = uow.session.scalar(select(SchedulerLease))
        assert (row.holder, row.expires_at) == ("web-1", renewed_until)


def test_a_scheduler_that_stops_renewing_is_taken_over_and_then_stands_by(runtime, other_runtime, clock):
    first, second = Lease(runtime, holder="web-1"), Lease(other_runtime, holder="web-2")
    assert first.hold()
    clock.advance(LEASE_TIME)  # web-1 froze: no renewal
    assert second.hold()
    assert not first.hold()  # back to life, it finds the lease taken and does not run jobs
    with runtime.unit_of_work() as uow:
        row = uow.session.scalar(select(SchedulerLease))
        assert (row.holder, row.acquired_at) == ("web-2", clock.now())


def test_a_clean_stop_hands_the_lease_over_at_once(runtime, other_runtime, clock):
    first, second = Lease(runtime, holder="web-1"), Lease(other_runtime, holder="web-2")
    assert first.hold()
    first.release()
    assert second.hold()


def test_only_the_holder_runs_a_job(runtime, other_runtime):
    ran = []
    first, second = Lease(runtime, holder="web-1"), Lease(other_runtime, holder="web-2")
    run_leased(first, ran.append, runtime)
    run_leased(second, ran.append, other_runtime)
    assert ran == [runtime]


def test_the_jobs_of_one_scheduler_starting_together_all_run(runtime):
    lease = Lease(runtime, holder="web-1")
    results: list[bool] = []
    start = threading.Barrier(5)

    def job() -> None:
        start.wait()
        results.append(lease.hold())

    threads = [threading.Thread(target=job) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 5
