"""The periodic snapshot job: the last closed month, quarter and year stored once, whatever how often it runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engine.models import ReportSnapshot
from engine.operations.lease import Lease
from reports.scope import Period, PeriodKind
from reports.snapshots import last_closed, snapshot_closed_periods
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
