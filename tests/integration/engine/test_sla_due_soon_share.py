"""A due-soon rule given as a share of each procedure's processing time, applied per procedure in one statement."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from engine.models import Dossier, SlaState
from sla.due_soon import DueSoonRule
from tests.integration.engine.test_sla_states import _handed_over, _state_at


@pytest.fixture
def settings(settings):
    """Due soon in the last half of a dossier's processing time."""
    return dataclasses.replace(settings, sla_due_soon=DueSoonRule.parse("50%"))


def test_half_of_three_working_days_and_of_a_same_day_procedure(desk):
    three_days = _handed_over(desk)  # due 27/11 09:00: due soon from 1.5 working days before
    same_day = desk.submit()  # birth registration, 0 working days ("trong ngày"): due 23/11 17:00
    desk.complete(same_day, "check_completeness", "motcua.anhoa", decision="complete")
    assert _state_at(desk, "2026-11-25T14:29+07:00", three_days) is SlaState.ON_TIME
    assert _state_at(desk, "2026-11-25T14:30+07:00", three_days) is SlaState.DUE_SOON
    with desk.runtime.unit_of_work() as uow:
        states = dict(uow.session.execute(select(Dossier.code, Dossier.sla_state)).all())
    assert states[same_day] is SlaState.OVERDUE
