"""Readiness (sẵn sàng hoạt động): the checks a monitor polls every few seconds, each a few cheap statements.

The database answers, the file store takes a write, a scheduler holds a fresh lease, and no notice a configured channel
could send has waited longer than the threshold. Details are for operators: never a secret, a host or an address.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from engine.models import OutboxMessage, OutboxState, SchedulerLease
from engine.notices.delivery import configured_senders
from engine.runtime import Runtime

SCHEDULER = "scheduler"  # the lease the scheduler's jobs run under (engine.operations.lease.Lease's default)
UNSENT = (OutboxState.PENDING, OutboxState.SENDING)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def readiness(runtime: Runtime) -> list[Check]:
    """Every check, in a fixed order; one that depends on the database says so when the database is down."""
    now = runtime.clock.now()
    checks = [_storage(runtime)]
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            database = Check("database", True, "ok")
            checks += [_lease(connection, now), _outbox(connection, runtime, now)]
    except SQLAlchemyError as error:
        database = Check("database", False, f"unavailable: {type(error).__name__}")
        checks += [Check(name, False, "not checked: database unavailable") for name in ("scheduler", "outbox")]
    return [database, *checks]


def _storage(runtime: Runtime) -> Check:
    """A small file written and removed where dossier files go."""
    try:
        runtime.files.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=runtime.files.root, prefix=".health-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as error:
        return Check("storage", False, f"not writable: {error.strerror or type(error).__name__}")
    return Check("storage", True, "writable")


def _lease(connection: Connection, now: datetime) -> Check:
    expires = connection.scalar(select(SchedulerLease.expires_at).where(SchedulerLease.name == SCHEDULER))
    if expires is None:
        return Check("scheduler", False, "no scheduler has ever held the lease")
    if expires <= now:
        return Check("scheduler", False, f"lease lapsed {int((now - expires).total_seconds())} s ago")
    return Check("scheduler", True, f"lease held, {int((expires - now).total_seconds())} s left")


def oldest_unsent(connection: Connection, runtime: Runtime) -> datetime | None:
    """When the oldest notice still to be sent on a channel this installation delivers was queued."""
    return connection.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.state.in_(UNSENT), OutboxMessage.channel.in_(list(configured_senders(runtime.settings)))
        )
    )


def _outbox(connection: Connection, runtime: Runtime, now: datetime) -> Check:
    oldest = oldest_unsent(connection, runtime)
    if oldest is None:
        return Check("outbox", True, "nothing waiting")
    age = now - oldest
    limit = runtime.settings.monitoring.outbox_max_age
    detail = f"oldest unsent notice waits {int(age.total_seconds())} s (limit {int(limit.total_seconds())} s)"
    return Check("outbox", age <= limit, detail)
