"""The periodic snapshot job: the last closed month, quarter and year stored once, whatever how often it runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select, update

from engine.models import Dossier, ReportSnapshot
from engine.operations.lease import Lease
from reports.measures import Metric
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import ReportRow, build_report
from reports.snapshots import last_closed, report_of, snapshot_closed_periods
from sla.deadlines import Timeliness
from sla.scheduler import build_scheduler


def test_the_last_closed_periods():
    assert last_closed(PeriodKind.MONTH, date(2026, 11, 23)) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert last_closed(PeriodKind.MONTH, date(2027, 1, 1)) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert last_closed(PeriodKind.QUARTER, date(2026, 11, 23)) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert last_closed(PeriodKind.QUARTER, date(2026, 2, 1)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert last_closed(PeriodKind.YEAR, date(2026, 11, 23)) == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_each_closed_period_is_stored_once_with_its_numbers(runtime, known):
    stored = snapshot_closed_periods(runtime)
    assert [kind for kind, _period in stored] == [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR]
    assert snapshot_closed_periods(runtime) == []
    with runtime.unit_of_work() as uow:
        october = uow.session.scalar(select(ReportSnapshot).where(ReportSnapshot.period_kind == "month"))
        assert (october.period_first, october.period_last) == (date(2026, 10, 1), date(2026, 10, 31))
        total = october.data["total"]
        assert total["counts"]["received"] == 11 and total["counts"]["resolved_late"] == 1
        assert total["on_time_rate"] == 5 / 6
        assert uow.session.query(ReportSnapshot).count() == 3


def test_the_scheduler_runs_it_every_night(runtime):
    job = build_scheduler(runtime, Lease(runtime, holder="a")).get_job("snapshot_closed_periods")
    assert job.args[2] is runtime and str(job.trigger.fields[5]) == "0" and str(job.trigger.fields[6]) == "30"


def test_a_closed_stored_month_of_the_province_is_read_back_as_it_was_counted(runtime, known, clock):
    october = ReportScope(Period.of(PeriodKind.MONTH, 2026, 10))
    calendar = runtime.calendar(known)
    counted = build_report(known, october, calendar, clock.now())
    snapshot_closed_periods(runtime)
    stored = report_of(known, october, calendar, clock.now())
    assert [_figures(row) for row in [*stored.rows, stored.total]] == [
        _figures(row) for row in [*counted.rows, counted.total]
    ]
    assert (stored.paid_online_share, stored.satisfaction) == (counted.paid_online_share, counted.satisfaction)
    # Later changes to the dossiers leave the closed month as it was stored; a unit's own report counts again.
    known.execute(update(Dossier).where(Dossier.code.endswith("A03")).values(timeliness=Timeliness.EARLY))
    assert report_of(known, october, calendar, clock.now()).total.counts[Metric.RESOLVED_LATE] == 1
    an_hoa = replace(october, agency_id=counted.rows[-1].key)
    assert report_of(known, an_hoa, calendar, clock.now()).total.counts[Metric.RESOLVED_LATE] == 0


def _figures(row: ReportRow) -> tuple[object, ...]:
    return row.key, row.label, row.label_en, row.counts, row.average_days, row.p90_days
