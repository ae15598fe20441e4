"""Migration 0028 fills in when each dossier stopped counting, as the steps store it now: the moment it was resolved,
withdrawn or stopped, and STILL_COUNTED for a running one; the reports count the same afterwards."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from engine.db import alembic_config
from engine.models import STILL_COUNTED, Dossier, Outcome
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from sla.calendar import WorkingCalendar
from tests.known_dossiers import load_known_dossiers


def _stored(runtime) -> dict[str, tuple[object, ...]]:
    with runtime.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Dossier.code, Dossier.outcome, Dossier.resolved_at, Dossier.updated_at, Dossier.counted_until)
        )
        return {code: tuple(row) for code, *row in rows}


def _october(runtime, now) -> list[dict[object, int]]:
    with runtime.unit_of_work() as uow:
        report = build_report(uow.session, ReportScope(Period.of(PeriodKind.MONTH, 2026, 10)), WorkingCalendar(), now)
        return [row.counts for row in [*report.rows, report.total]]


def test_the_migration_stores_what_the_steps_would_have(runtime, db_url, clock):
    load_known_dossiers(runtime)
    expected, counts = _stored(runtime), _october(runtime, clock.now())
    for outcome, resolved_at, updated_at, counted_until in expected.values():
        if outcome is None:
            assert counted_until == STILL_COUNTED
        else:
            assert counted_until == (updated_at if outcome in (Outcome.WITHDRAWN, Outcome.STOPPED) else resolved_at)
    assert {row[0] for row in expected.values()} >= {None, Outcome.GRANTED, Outcome.REFUSED, Outcome.WITHDRAWN}
    runtime.engine.dispose()

    command.downgrade(alembic_config(db_url), "0027")
    command.upgrade(alembic_config(db_url), "head")

    assert _stored(runtime) == expected
    assert _october(runtime, clock.now()) == counts
