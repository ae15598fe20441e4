"""The audit trail's hash chain (niêm phong nhật ký): events sealed in id order after their steps committed, and the
check that recomputes the chain and names the first broken link.

Steps never wait for the chain: they append events as before, and a sealing pass (the scheduler's, or
`motcua audit seal`) links them afterwards. An event is tamper-evident once sealed; `verify` also counts the events
left unsealed for too long.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from engine.models import AuditSeal, Event
from engine.runtime import Runtime

GENESIS = "0" * 64
"""The previous hash of the first seal."""

SEALED_FIELDS = (
    "id",
    "at",
    "action",
    "dossier_id",
    "dossier_code",
    "question_id",
    "actor_id",
    "actor_name",
    "actor_role",
    "from_step",
    "to_step",
    "result",
    "reason",
    "before",
    "after",
)
"""The event's columns the hash covers. A column added to events later must not change the hash of older events."""

BATCH = 1000
UNSEALED_AFTER = timedelta(hours=1)
LOCK_TIMEOUT = "2s"

_events, _seals = Event.__table__, AuditSeal.__table__
log = logging.getLogger(__name__)


def canonical(event: Mapping[str, Any]) -> bytes:
    """The event as JSON with sorted keys and its moment in UTC: the same bytes on SQLite and PostgreSQL."""
    values = {name: event[name] for name in SEALED_FIELDS}
    values["at"] = values["at"].astimezone(UTC).isoformat()
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(previous_hash: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode() + b"\n" + canonical(event)).hexdigest()


@dataclass(frozen=True)
class SealingPass:
    """How many events one pass sealed and the chain's head after it (keep the head outside the database)."""

    sealed: int
    head_event_id: int
    head_hash: str


def seal_events(runtime: Runtime, *, batch: int = BATCH) -> SealingPass:
    """Seal every settled event after the last seal, in id order, one transaction per batch.

    Idempotent and resumable: a pass starts from the last seal, and one that stops keeps the batches it committed.
    """
    horizon = _settled_horizon(runtime)
    sealed = 0
    while True:
        with runtime.unit_of_work() as uow:
            session = uow.session
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("LOCK TABLE audit_seals IN EXCLUSIVE MODE"))  # one sealer at a time
            head_id, head_hash = _head(session)
            events = session.execute(
                select(_events)
                .where(_events.c.id > head_id, _events.c.id <= horizon)
                .order_by(_events.c.id)
                .limit(batch)
            ).mappings()
            now, links = runtime.clock.now(), []
            for event in events:
                sealed_hash = link_hash(head_hash, event)
                links.append(dict(event_id=event["id"], previous_hash=head_hash, hash=sealed_hash, sealed_at=now))
                head_id, head_hash = event["id"], sealed_hash
            if not links:
                if sealed:
                    log.info("audit chain: %d events sealed; head: event %d %s", sealed, head_id, head_hash)
                return SealingPass(sealed, head_id, head_hash)
            session.execute(insert(AuditSeal), links)
            uow.commit()
            sealed += len(links)


def _head(session: Session) -> tuple[int, str]:
    last = session.execute(select(_seals.c.event_id, _seals.c.hash).order_by(_seals.c.event_id.desc()).limit(1)).first()
    return (last.event_id, last.hash) if last else (0, GENESIS)


def _settled_horizon(runtime: Runtime) -> int:
    """The highest event id at or below which no transaction can still add an event.

    PostgreSQL hands out ids before commit, so a step still running may hold an id below one already committed: a
    SHARE lock on events waits for every writing transaction to end, holding new ones back only that long (and at
    most LOCK_TIMEOUT; the next pass tries again). SQLite has one writer at a time: what is committed is settled.
    """
    with runtime.unit_of_work() as uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            session.execute(text("LOCK TABLE events IN SHARE MODE"))
        return session.scalar(select(func.max(_events.c.id))) or 0


class Break(StrEnum):
    """How a link is broken."""

    CHANGED = "changed"  # the event's content no longer gives its sealed hash
    MISSING = "missing"  # a sealed event is gone
    RELINKED = "relinked"  # a seal does not follow the one before it: a seal (and its event) removed or rewritten
    UNSEALED = "unsealed"  # an event without a seal between sealed ones: inserted afterwards


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    kind: Break
    expected: str = ""
    found: str = ""


@dataclass(frozen=True)
class ChainCheck:
    """What `verify` found: the links checked, the first broken one, and the unsealed tail."""

    checked: int
    head_event_id: int
    head_hash: str
    broken: BrokenLink | None
    unsealed: int
    overdue: int  # unsealed events older than the bound
    oldest_overdue_id: int | None

    @property
    def intact(self) -> bool:
        return self.broken is None and self.overdue == 0


def verify_chain(runtime: Runtime, *, unsealed_after: timedelta = UNSEALED_AFTER) -> ChainCheck:
    """Walk events and seals together in id order (one statement, one snapshot) and recompute every link."""
    joined = _events.join(_seals, _seals.c.event_id == _events.c.id, full=True)
    statement = (
        select(_events, _seals.c.event_id.label("seal_id"), _seals.c.previous_hash, _seals.c.hash)
        .select_from(joined)
        .order_by(func.coalesce(_seals.c.event_id, _events.c.id))
        .execution_options(yield_per=BATCH)
    )
    bound = runtime.clock.now() - unsealed_after
    checked, head_id, head_hash, broken = 0, 0, GENESIS, None
    unsealed, first_unsealed, overdue, oldest_overdue = 0, None, 0, None
    with runtime.unit_of_work() as uow:
        for row in uow.session.execute(statement).mappings():
            if row["seal_id"] is None:
                unsealed, first_unsealed = unsealed + 1, first_unsealed or row["id"]
                if row["at"] < bound:
                    overdue, oldest_overdue = overdue + 1, oldest_overdue or row["id"]
                continue
            broken = _broken_link(row, head_hash, first_unsealed)
            if broken:
                return ChainCheck(checked, head_id, head_hash, broken, 0, 0, None)
            checked, head_id, head_hash = checked + 1, row["seal_id"], row["hash"]
    return ChainCheck(checked, head_id, head_hash, None, unsealed, overdue, oldest_overdue)


def _broken_link(row: Mapping[str, Any], previous_hash: str, unsealed_before: int | None) -> BrokenLink | None:
    if unsealed_before is not None:
        return BrokenLink(unsealed_before, Break.UNSEALED)
    if row["previous_hash"] != previous_hash:
        return BrokenLink(row["seal_id"], Break.RELINKED, previous_hash, row["previous_hash"])
    if row["id"] is None:
        return BrokenLink(row["seal_id"], Break.MISSING)
    found = link_hash(previous_hash, row)
    if found != row["hash"]:
        return BrokenLink(row["seal_id"], Break.CHANGED, row["hash"], found)
    return None
