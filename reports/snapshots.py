"""The periodic report snapshots: each closed month, quarter and year of the province, stored once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine.models import ReportSnapshot
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import ReportRow, build_report

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
            data = {"rows": [_row(row) for row in report.rows], "total": _row(report.total)}
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
