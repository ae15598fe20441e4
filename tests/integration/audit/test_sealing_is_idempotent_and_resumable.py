"""A sealing pass links each event once, in id order; a pass that stops halfway leaves a chain the next one extends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from engine.models import AuditSeal
from engine.operations import audit_chain
from engine.operations.audit_chain import seal_events, verify_chain
from tests.integration.audit.conftest import append_events


def _seals(runtime) -> list[tuple[int, str, str]]:
    with runtime.unit_of_work() as uow:
        links = select(AuditSeal.event_id, AuditSeal.previous_hash, AuditSeal.hash).order_by(AuditSeal.event_id)
        return [tuple(row) for row in uow.session.execute(links)]


def test_a_second_pass_seals_nothing_more(runtime, event_ids):
    first = seal_events(runtime)
    before = _seals(runtime)
    again = seal_events(runtime)
    assert (first.sealed, again.sealed) == (5, 0)
    assert (again.head_event_id, again.head_hash) == (first.head_event_id, first.head_hash)
    assert _seals(runtime) == before
    assert [event_id for event_id, _, _ in before] == event_ids


def test_later_events_extend_the_chain_without_touching_it(runtime, clock, event_ids):
    first = seal_events(runtime)
    before = _seals(runtime)
    later = append_events(runtime, clock.now(), 3)
    second = seal_events(runtime, batch=2)
    after = _seals(runtime)
    assert second.sealed == 3 and after[:5] == before
    assert after[5][1] == first.head_hash and second.head_event_id == later[-1]
    assert verify_chain(runtime).checked == 8


def test_a_pass_that_fails_midway_keeps_its_batches_and_the_next_one_finishes(runtime, event_ids, monkeypatch):
    real, calls = audit_chain.link_hash, []

    def failing_on_the_fourth(previous_hash, event):
        calls.append(event["id"])
        if len(calls) == 4:
            raise OSError("the machine stopped")
        return real(previous_hash, event)

    monkeypatch.setattr(audit_chain, "link_hash", failing_on_the_fourth)
    with pytest.raises(OSError):
        seal_events(runtime, batch=2)
    assert [event_id for event_id, _, _ in _seals(runtime)] == event_ids[:2]
    monkeypatch.setattr(audit_chain, "link_hash", real)
    assert seal_events(runtime, batch=2).sealed == 3
    check = verify_chain(runtime)
    assert check.intact and check.checked == 5


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_seals SET hash = 'x' WHERE event_id = :id", "DELETE FROM audit_seals WHERE event_id = :id"],
)
def test_the_database_refuses_changes_to_seals(runtime, event_ids, statement):
    seal_events(runtime)
    with runtime.engine.connect() as connection, pytest.raises(sa.exc.DBAPIError, match="append-only"):
        connection.execute(sa.text(statement), {"id": event_ids[0]})
