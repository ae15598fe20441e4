"""Migration 0019 fills in the facts of the dossiers resolved before it, as the step stores them now: the same
working days and timeliness, the administrator's days off and the pauses for supplementation left out."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import select

from engine.db import alembic_config
from engine.dossiers.resolution import store_facts
from engine.models import CalendarOverrideRow, Dossier
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from tests.known_dossiers import OCTOBER_DAYS, at, load_known_dossiers


def _facts(runtime) -> dict[str, tuple[float | None, object]]:
    with runtime.unit_of_work() as uow:
        rows = uow.session.execute(select(Dossier.code, Dossier.working_days, Dossier.timeliness))
        return {code[-3:]: (days, met) for code, days, met in rows}


def test_the_migration_stores_what_the_step_would_have(runtime, db_url, clock):
    load_known_dossiers(runtime)
    with runtime.unit_of_work() as uow:
        # A day off in the middle of A02's processing (Wed 07/10/2026), recorded as the administrator records one.
        uow.session.add(
            CalendarOverrideRow(day=date(2026, 10, 7), working=False, note="Bão", created_at=at("2026-10-06 08:00"))
        )
        uow.session.flush()
        calendar = runtime.calendar(uow.session)
        for dossier in uow.session.scalars(select(Dossier)):
            store_facts(dossier, calendar)
        uow.commit()
    expected = _facts(runtime)
    assert expected["A02"][0] == OCTOBER_DAYS["A02"] - 1  # the day off is not counted
    assert expected["A05"][0] == OCTOBER_DAYS["A05"]  # its pause is not counted
    runtime.engine.dispose()

    command.downgrade(alembic_config(db_url), "0017")
    command.upgrade(alembic_config(db_url), "head")

    assert _facts(runtime) == expected
    with runtime.unit_of_work() as uow:
        report = build_report(uow.session, ReportScope(Period.of(PeriodKind.MONTH, 2026, 10)), calendar, clock.now())
        assert report.total.average_days == pytest.approx(sum(expected[code][0] for code in OCTOBER_DAYS) / 6)
