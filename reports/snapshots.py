"""The periodic report snapshots: each closed month, quarter and year of the province, stored once; a closed period's
province report is read back from its snapshot instead of being counted again."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.models import ReportSnapshot
from reports.measures import Metric
from reports.portal_indicators import paid_online_share, satisfied_share
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import Report, ReportRow, build_report, window_of
from sla.calendar import WorkingCalendar

if TYPE_CHECKING:
    from engine.runtime import Runtime


def last_closed(kind: PeriodKind, today: date) -> Period:
    """The latest period of that kind that ended before today."""
    if kind is PeriodKind.YEAR:
        return Period.of(kind, today.year - 1)
    if kind is PeriodKind.QUARTER:
        previous = (today.month - 1) // 3  # the current quarter's number, minus one
        return Period.of(kind, today.year, previous) if previous else Period.of(kind, today.year - 1, 4)
    last_day = today.replace(day=1) - timedelta(days=1)
    return Period.of(kind, last_day.year, last_day.month)


def snapshot_closed_periods(runtime: Runtime) -> list[tuple[PeriodKind, Period]]:
    """Store the province report of the last closed month, quarter and year, unless already stored; idempotent."""
    stored = []
    now = runtime.clock.now()
    for kind in PeriodKind:
        with runtime.unit_of_work() as uow:
            calendar = runtime.calendar(uow.session)
            period = last_closed(kind, calendar.local(now).date())
            exists = uow.session.scalar(
                select(ReportSnapshot.id).where(
                    ReportSnapshot.period_kind == kind.value, ReportSnapshot.period_first == period.first
                )
            )
            if exists is not None:
                continue
            report = build_report(uow.session, ReportScope(period), calendar, now)
            data = {
                "rows": [_row(row) for row in report.rows],
                "total": _row(report.total),
                "paid_online_share": report.paid_online_share,
                "satisfaction": report.satisfaction,
            }
            uow.session.add(
                ReportSnapshot(
                    period_kind=kind.value,
                    period_first=period.first,
                    period_last=period.last,
                    computed_at=now,
                    data=data,
                )
            )
            try:
                uow.commit()
            except IntegrityError:
                continue  # another scheduler process stored it first
            stored.append((kind, period))
    return stored


def _row(row: ReportRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "label_en": row.label_en,
        "counts": {str(metric): count for metric, count in row.counts.items()},
        "on_time_rate": row.on_time_rate,
        "average_days": row.average_days,
        "p90_days": row.p90_days,
    }


def report_of(session: Session, scope: ReportScope, calendar: WorkingCalendar, now: datetime) -> Report:
    """The report of a scope: the stored snapshot when it is the province by agency over a closed, stored period,
    else counted now."""
    window = window_of(scope, calendar, now)
    snapshot = None
    if scope == ReportScope(scope.period) and window.end <= now:
        snapshot = session.scalar(
            select(ReportSnapshot).where(
                ReportSnapshot.period_first == scope.period.first, ReportSnapshot.period_last == scope.period.last
            )
        )
    if snapshot is None:
        return build_report(session, scope, calendar, now)
    data = snapshot.data
    report = Report(scope, window, [_stored_row(row) for row in data["rows"]], _stored_row(data["total"]))
    if "paid_online_share" in data:
        report.paid_online_share, report.satisfaction = data["paid_online_share"], data["satisfaction"]
    else:  # stored before the snapshots kept them
        report.paid_online_share = paid_online_share(session, scope, window)
        report.satisfaction = satisfied_share(session, scope, window)
    return report


def _stored_row(data: dict[str, Any]) -> ReportRow:
    counts = {metric: int(data["counts"].get(str(metric), 0)) for metric in Metric}
    return ReportRow(data["key"], data["label"], data["label_en"], counts, data["average_days"], data["p90_days"])
