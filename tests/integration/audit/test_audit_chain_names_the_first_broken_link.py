"""Whoever changes or removes sealed rows in SQL, past the triggers, is found: `verify` names the first broken link."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from engine.models import Event
from engine.operations.audit_chain import GENESIS, Break, BrokenLink, seal_events, verify_chain
from tests.integration.audit.conftest import append_events, tamper


def test_an_untouched_chain_is_intact(runtime, event_ids):
    sealed = seal_events(runtime)
    check = verify_chain(runtime)
    assert check.intact and check.broken is None
    assert (check.checked, check.head_event_id, check.head_hash) == (5, event_ids[-1], sealed.head_hash)
    assert sealed.head_hash != GENESIS


def test_a_changed_event_is_named(runtime, event_ids):
    seal_events(runtime)
    tamper(runtime, "UPDATE events SET reason = 'đã sửa' WHERE id = :id", id=event_ids[2])
    check = verify_chain(runtime)
    assert not check.intact
    assert (check.broken.event_id, check.broken.kind, check.checked) == (event_ids[2], Break.CHANGED, 2)


def test_a_changed_moment_or_json_detail_is_named_too(runtime, clock, event_ids):
    seal_events(runtime)
    tamper(runtime, "UPDATE events SET after = NULL WHERE id = :id", id=event_ids[4])
    assert verify_chain(runtime).broken.event_id == event_ids[4]
    earlier = clock.now() - timedelta(days=1)
    tamper(runtime, sa.update(Event.__table__).where(Event.id == event_ids[1]).values(at=earlier))
    broken = verify_chain(runtime).broken
    assert (broken.event_id, broken.kind) == (event_ids[1], Break.CHANGED)
    assert len(broken.expected) == len(broken.found) == 64 and broken.expected != broken.found


def test_a_deleted_event_is_named(runtime, event_ids):
    seal_events(runtime)
    tamper(runtime, "DELETE FROM events WHERE id = :id", id=event_ids[3])
    assert verify_chain(runtime).broken == BrokenLink(event_ids[3], Break.MISSING)


def test_an_event_deleted_with_its_seal_breaks_the_next_link(runtime, event_ids):
    first = seal_events(runtime)
    for table, column in (("events", "id"), ("audit_seals", "event_id")):
        tamper(runtime, f"DELETE FROM {table} WHERE {column} = :id", id=event_ids[1])
    broken = verify_chain(runtime).broken
    assert (broken.event_id, broken.kind) == (event_ids[2], Break.RELINKED)
    assert broken.expected != broken.found and first.sealed == 5


def test_an_event_left_without_its_seal_is_named(runtime, event_ids):
    seal_events(runtime)
    tamper(runtime, "DELETE FROM audit_seals WHERE event_id = :id", id=event_ids[0])
    assert verify_chain(runtime).broken == BrokenLink(event_ids[0], Break.UNSEALED)


def test_events_unsealed_past_the_bound_are_reported(runtime, clock, event_ids):
    seal_events(runtime)
    late = append_events(runtime, clock.now(), 2)
    fresh = verify_chain(runtime)
    assert (fresh.unsealed, fresh.overdue, fresh.intact) == (2, 0, True)
    clock.advance(timedelta(hours=2))
    stale = verify_chain(runtime)
    assert (stale.unsealed, stale.overdue, stale.oldest_overdue_id, stale.intact) == (2, 2, late[0], False)
    seal_events(runtime)
    assert verify_chain(runtime).intact
