"""A session over the hand-built dossiers of tests/known_dossiers.py, and October 2026 as a report scope."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Agency
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar
from tests.known_dossiers import load_known_dossiers


@pytest.fixture
def known(runtime: Runtime) -> Iterator[Session]:
    load_known_dossiers(runtime)
    with runtime.unit_of_work() as uow:
        yield uow.session


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def agency_id(session: Session, code: str) -> int:
    return session.scalar(select(Agency.id).where(Agency.code == code))
