"""An event log with a few entries, and the raw SQL an attacker with database access would run on it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine.audit import record_event
from engine.runtime import Runtime
from tests.integration.factories import demo_dossier


def append_events(runtime: Runtime, at, count: int) -> list[int]:
    """`count` events on the demo dossier, each in its own transaction as steps write them."""
    ids = []
    for number in range(count):
        with runtime.unit_of_work() as uow:
            entry = record_event(
                uow.session, "dossier_noted", at, reason=f"ghi chú {number}", after={"bước": number, "đủ": True}
            )
            uow.commit()
            ids.append(entry.id)
    return ids


@pytest.fixture
def event_ids(runtime, clock) -> list[int]:
    with runtime.unit_of_work() as uow:
        demo_dossier(uow.session, clock.now())
        uow.commit()
    return append_events(runtime, clock.now(), 5)


def tamper(runtime: Runtime, statement: str | sa.Executable, **params: object) -> None:
    """Run `statement` past the append-only triggers, as the tables' owner could: PostgreSQL with them disabled
    for this transaction only, SQLite with them dropped."""
    postgresql = runtime.engine.dialect.name == "postgresql"
    with runtime.engine.begin() as connection:
        if postgresql:
            for table in ("events", "audit_seals"):
                connection.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_update"))
        else:
            for table in ("events", "audit_seals"):
                for verb in ("update", "delete"):
                    connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
        connection.execute(sa.text(statement) if isinstance(statement, str) else statement, params)
        if postgresql:
            for table in ("events", "audit_seals"):
                connection.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_update"))
