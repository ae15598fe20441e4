"""Sealing the audit trail runs beside the steps: they never wait on the chain, and an event committed late, below one
already committed, is still sealed in its place."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from engine.audit import record_event
from engine.dossiers.tasks import complete_task
from engine.operations.audit_chain import seal_events, verify_chain


def test_steps_racing_while_passes_seal_leave_an_intact_chain(desk, db_url):
    rounds = 40 if db_url.startswith("postgresql") else 8
    codes = [desk.submit() for _ in range(rounds)]
    clerk = desk.user_id("motcua.anhoa")
    tasks = [(desk.task(code, "check_completeness").id, desk.dossier(code).version) for code in codes]
    done, failures = threading.Event(), []

    def complete(task_id: int, version: int) -> None:
        try:
            uow = desk.runtime.unit_of_work()
            complete_task(
                desk.runtime,
                uow,
                task_id=task_id,
                actor_id=clerk,
                data={"decision": "complete"},
                expected_version=version,
            )
        except Exception as error:
            failures.append(error)

    def seal_until_done() -> None:
        while not done.is_set():
            seal_events(desk.runtime, batch=7)

    sealer = threading.Thread(target=seal_until_done)
    sealer.start()
    steps = [threading.Thread(target=complete, args=task) for task in tasks]
    for step in steps:
        step.start()
    for step in steps:
        step.join()
    done.set()
    sealer.join()
    assert failures == []
    seal_events(desk.runtime)
    check = verify_chain(desk.runtime)
    assert check.intact and check.unsealed == 0
    with desk.runtime.unit_of_work() as uow:
        assert check.checked == uow.session.scalar(sa.text("SELECT count(*) FROM events"))


@pytest.mark.postgresql
def test_an_event_committed_after_a_higher_one_is_sealed_in_its_place(runtime, clock, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: events commit in id order")
    slow = runtime.unit_of_work().__enter__()
    early = record_event(slow.session, "dossier_noted", clock.now(), reason="chậm")
    slow.session.flush()  # holds the lower id, not yet committed
    with runtime.unit_of_work() as quick:
        late = record_event(quick.session, "dossier_noted", clock.now(), reason="nhanh")
        quick.commit()
    assert early.id < late.id
    sealer = threading.Thread(target=seal_events, args=[runtime])
    sealer.start()
    _wait_until_the_sealer_waits_for(runtime, "events")
    slow.commit()
    slow.__exit__(None, None, None)
    sealer.join()
    check = verify_chain(runtime)
    assert check.intact and (check.checked, check.unsealed) == (2, 0)


def _wait_until_the_sealer_waits_for(runtime, table: str) -> None:
    """Poll PostgreSQL's lock table (a bounded loop, not a sleep) until a lock on `table` is queued."""
    queued = sa.text("SELECT count(*) FROM pg_locks WHERE relation = CAST(:table AS regclass) AND NOT granted")
    deadline = time.monotonic() + 10
    with runtime.engine.connect() as connection:
        while not connection.execute(queued, {"table": table}).scalar():
            assert time.monotonic() < deadline, "the sealing pass never waited for the open step"
            connection.rollback()
