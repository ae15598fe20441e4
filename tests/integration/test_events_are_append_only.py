"""The event log can be appended to, never changed or deleted, whatever the code path."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine.audit import record_event
from engine.models import Event
from tests.integration.factories import demo_dossier


@pytest.fixture
def event_id(runtime, clock) -> int:
    with runtime.unit_of_work() as uow:
        dossier = demo_dossier(uow.session, clock.now())
        entry = record_event(uow.session, "dossier_submitted", clock.now(), dossier=dossier, to_step="reception")
        uow.commit()
        return entry.id


def test_an_event_is_recorded_with_its_dossier(runtime, event_id):
    with runtime.unit_of_work() as uow:
        entry = uow.session.get(Event, event_id)
        assert (entry.action, entry.dossier_code, entry.to_step) == (
            "dossier_submitted",
            "000.01.10.H99-261123-0001",
            "reception",
        )


@pytest.mark.parametrize(
    "statement", ["UPDATE events SET reason = 'sửa' WHERE id = :id", "DELETE FROM events WHERE id = :id"]
)
def test_the_database_refuses_changes(runtime, event_id, statement):
    with runtime.engine.connect() as connection, pytest.raises(sa.exc.DBAPIError, match="append-only"):
        connection.execute(sa.text(statement), {"id": event_id})


def test_the_orm_cannot_change_an_event_either(runtime, event_id):
    with runtime.unit_of_work() as uow, pytest.raises(sa.exc.DBAPIError, match="append-only"):
        uow.session.get(Event, event_id).reason = "sửa"
        uow.commit()
