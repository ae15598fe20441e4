"""The lived-in demo: dossiers of the last weeks taken through the services to their states, loaded once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.demo_history import load_demo_history
from engine.models import Dossier, DossierStatus, Event, Rating, SlaState
from tests.conftest import fresh_database
from webapp.labels import EVENT_LABELS


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """SQLite only: the history moves dossiers through the same services the suite runs on both databases."""
    yield from fresh_database(request, tmp_path, "sqlite")


def test_the_history_fills_the_states_of_a_working_province_once(runtime, clock, demo):
    now = clock.now()
    count = load_demo_history(runtime, now, weeks=3)
    with runtime.unit_of_work() as uow:
        session = uow.session
        dossiers = list(session.scalars(select(Dossier)))
        assert len(dossiers) == count >= 25
        assert all(now - timedelta(weeks=3) <= d.submitted_at <= now for d in dossiers)
        statuses = {d.status for d in dossiers}
        assert {DossierStatus.RESULT_RETURNED, DossierStatus.RESOLVED, DossierStatus.PROCESSING} <= statuses
        assert DossierStatus.NOT_RECEIVED in statuses  # refused at reception
        assert {SlaState.ON_TIME, SlaState.OVERDUE} <= {d.sla_state for d in dossiers}
        assert session.scalar(select(func.count()).select_from(Rating)) >= 1
        actions = set(session.scalars(select(Event.action)))
        assert actions - EVENT_LABELS.keys() == set()  # every event the history recorded reads as words
        steps = session.scalars(select(Event.at).where(Event.action == "task_completed"))
        assert all(moment <= now for moment in steps)  # every step happened on the walking clock, none after now
        signed = session.scalar(select(func.count()).select_from(Event).where(Event.action == "decision_signed"))
        assert signed == sum(d.status in (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED) for d in dossiers) - (
            sum(
                d.status is DossierStatus.RESOLVED and d.outcome is not None and d.outcome.value == "refused"
                for d in dossiers
            )
        )
    assert load_demo_history(runtime, now, weeks=3) == 0  # a rerun adds nothing
    with runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Dossier)) == count
