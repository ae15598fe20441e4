"""The supervisor report (báo cáo tình hình giải quyết hồ sơ): counts per unit, procedure or sector for a period.

Plain grouped SQL over facts stored on each dossier (reports.measures): the counts are sums of conditions, and the
processing times the average and 90th percentile of the working days each dossier used, stored when it was resolved
(engine.dossiers.resolution). No calendar is replayed and no dossier is handled one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from engine.catalog.browse import all_sectors
from engine.languages import ENGLISH, LANGUAGES, VIETNAMESE, localized
from engine.models import Agency, Department, Dossier, Procedure, ProcedureVersion
from reports.measures import Metric, Window, conditions, group_key, select_counted, select_scoped, total, unordered
from reports.portal_indicators import paid_online_share, satisfied_share
from reports.scope import Breakdown, ReportScope
from sla.calendar import WorkingCalendar

Times = tuple[float | None, float | None]
"""Average and 90th percentile of the working days used by the resolved dossiers of a row."""


@dataclass
class ReportRow:
    """One row of the table: the counts of a unit, procedure or sector, and its processing times."""

    key: object
    label: str
    label_en: str
    counts: dict[Metric, int] = field(default_factory=lambda: dict.fromkeys(Metric, 0))
    average_days: float | None = None  # working days, over the dossiers resolved in the period
    p90_days: float | None = None  # by nearest rank: the smallest time at least 90% of them did not exceed

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved early or on time (tỷ lệ giải quyết trước và đúng hạn)."""
        resolved = self.counts[Metric.RESOLVED]
        return (resolved - self.counts[Metric.RESOLVED_LATE]) / resolved if resolved else None

    @property
    def online_share(self) -> float | None:
        """Share of the period's new dossiers submitted online."""
        new = self.counts[Metric.NEW]
        return self.counts[Metric.NEW_ONLINE] / new if new else None


@dataclass
class Report:
    """The rows, their total, and the window the counts were taken over.

    Share paid online and satisfaction come from the applicant portal's payments and ratings; when the period
    has none to count they stay None and the report says "not available".
    """

    scope: ReportScope
    window: Window
    rows: list[ReportRow]
    total: ReportRow
    paid_online_share: float | None = None
    satisfaction: float | None = None


def build_report(
    session: Session, scope: ReportScope, calendar: WorkingCalendar, now: datetime, *, times: bool = True
) -> Report:
    """The report of a scope as it stands at `now` (a period not over yet is counted up to now).

    Without `times` only the counts are taken, not the processing times.
    """
    return build_reports(session, scope, (scope.breakdown,), calendar, now, times=times)[0]


def build_reports(
    session: Session,
    scope: ReportScope,
    breakdowns: tuple[Breakdown, ...],
    calendar: WorkingCalendar,
    now: datetime,
    *,
    times: bool = True,
) -> list[Report]:
    """The scope's report once per breakdown, counted by one grouped query over all their keys."""
    window = window_of(scope, calendar, now)
    where = conditions(window)
    keys = [group_key(breakdown) for breakdown in breakdowns]
    labels = [group_labels(session, breakdown) for breakdown in breakdowns]
    rows: list[dict[object, ReportRow]] = [{} for _ in breakdowns]
    counts = select_counted(session, scope, window, *keys, *(total(where[m]) for m in Metric))
    query = counts.group_by(*(unordered(key) for key in keys))
    for result in session.execute(query):
        for index, key_value in enumerate(result[: len(keys)]):
            row = rows[index].get(key_value) or ReportRow(key_value, *labels[index].get(key_value, _unnamed(key_value)))
            rows[index][key_value] = row
            for metric, count in zip(Metric, result[len(keys) :], strict=True):
                row.counts[metric] += int(count)
    reports = []
    for breakdown, key, by_key in zip(breakdowns, keys, rows, strict=True):
        ordered = sorted(by_key.values(), key=lambda r: (r.key is None, r.label))
        total_row = _total(ordered)
        if times:
            found, (total_row.average_days, total_row.p90_days) = resolved_times(session, scope, window, key)
            for row in ordered:
                row.average_days, row.p90_days = found.get(row.key, (None, None))
        reports.append(Report(replace(scope, breakdown=breakdown), window, ordered, total_row))
    paid_online, satisfied = paid_online_share(session, scope, window), satisfied_share(session, scope, window)
    for report in reports:
        report.paid_online_share, report.satisfaction = paid_online, satisfied
    return reports


def window_of(scope: ReportScope, calendar: WorkingCalendar, now: datetime) -> Window:
    start, end = scope.period.bounds(calendar.tz)
    return Window(start, end, min(end, now))


def resolved_times(
    session: Session, scope: ReportScope, window: Window, key: ColumnElement
) -> tuple[dict[object, Times], Times]:
    """Average and 90th percentile (nearest rank) of the stored working days of the dossiers resolved in the window,
    per row key and over the whole scope."""
    days = Dossier.working_days
    resolved = (conditions(window)[Metric.RESOLVED], days.is_not(None))
    if session.get_bind().dialect.name == "postgresql":
        return _times_by_percentile(session, scope, window, key, resolved)
    return _times_by_rank(session, scope, window, key, resolved)


def _times_by_percentile(
    session: Session, scope: ReportScope, window: Window, key: ColumnElement, resolved: tuple
) -> tuple[dict[object, Times], Times]:
    """PostgreSQL: one grouped read for every key and the whole scope (ROLLUP). percentile_disc(0.9) takes the value
    at rank ceil(0.9 n) in doubles, which is (9n + 9) // 10 for every n up to 30 million at least. At a million
    dossiers this is a third of the time of ranking them with window functions (which sorts them all, on disk)."""
    days = Dossier.working_days
    query = (
        select_scoped(
            session,
            scope,
            window,
            key,
            func.grouping(key),
            func.count(),
            func.sum(days),
            func.percentile_disc(0.9).within_group(days),
        )
        .where(*resolved)
        .group_by(func.rollup(key))
    )
    per_key: dict[object, Times] = {}
    overall: Times = (None, None)
    for row_key, whole, size, spent, p90 in session.execute(query):
        if not size:  # the whole scope's row of an empty scope
            continue
        times = (float(spent) / size, float(p90))
        if whole:
            overall = times
        else:
            per_key[row_key] = times
    return per_key, overall


def _times_by_rank(
    session: Session, scope: ReportScope, window: Window, key: ColumnElement, resolved: tuple
) -> tuple[dict[object, Times], Times]:
    """SQLite, which has no percentile: per key from one read of the period's range of ix_dossiers_report, or of an
    agency's dossiers (days ranked within each key, partitioned `unordered` so that SQLite does not walk an agency
    index over every dossier ever received for the order; only the dossiers at each key's rank come back); over the
    scope from the keys' sizes and sums, and one ordered read for the dossier at the overall rank (ranking every row
    across keys as well made the database sort them all with their windows)."""
    days = Dossier.working_days
    by_key = {"partition_by": unordered(key), "order_by": days}
    whole = {**by_key, "rows": (None, None)}
    ranked = (
        select_scoped(
            session,
            scope,
            window,
            key.label("key"),
            days.label("days"),
            func.row_number().over(**by_key).label("rank"),
            func.count().over(**whole).label("size"),
            func.sum(days).over(**whole).label("total"),
        )
        .where(*resolved)
        .subquery()
    )
    query = select(ranked.c.key, ranked.c.days, ranked.c.size, ranked.c.total)
    per_key: dict[object, Times] = {}
    size, spent = 0, 0.0
    at_key_rank = ranked.c.rank == _nearest_rank(ranked.c.size)
    for row_key, p90, key_size, key_total in session.execute(query.where(at_key_rank)):
        per_key[row_key] = (float(key_total) / key_size, float(p90))
        size, spent = size + key_size, spent + float(key_total)
    if not size:
        return per_key, (None, None)
    # Counted from the top: SQLite keeps the rows up to LIMIT + OFFSET in its sorter, a tenth of them from there.
    ordered = select_scoped(session, scope, window, days).where(*resolved).order_by(days.desc())
    p90 = session.scalar(ordered.limit(1).offset(size - (size * 9 + 9) // 10))
    return per_key, (spent / size, float(p90))


def _nearest_rank(size: ColumnElement) -> ColumnElement:
    """The ceiling of 0.9 n, in integers as both databases divide them."""
    return (size * 9 + 9) // 10


def group_labels(session: Session, breakdown: Breakdown) -> dict[object, tuple[str, str]]:
    """Vietnamese and English names of every possible row key; a name without English is Vietnamese in both."""
    if breakdown is Breakdown.AGENCY:
        return {
            agency.id: _in_both(agency) for agency in session.execute(select(Agency.id, Agency.name, Agency.name_en))
        }
    if breakdown is Breakdown.DEPARTMENT:
        query = select(
            Department.id,
            Department.name,
            Department.name_en,
            Agency.name.label("agency"),
            Agency.name_en.label("agency_en"),
        ).join(Agency)
        return {
            row.id: tuple(f"{localized(row, 'name', lang)} — {localized(row, 'agency', lang)}" for lang in LANGUAGES)
            for row in session.execute(query)
        }
    if breakdown is Breakdown.PROCEDURE:
        latest = (
            select(Procedure.id, Procedure.code, ProcedureVersion.name_vi, ProcedureVersion.name_en)
            .join(ProcedureVersion)
            .order_by(ProcedureVersion.version)
        )
        return {row.id: tuple(f"{row.code} {name}" for name in _in_both(row)) for row in session.execute(latest)}
    if breakdown is Breakdown.SECTOR:
        return {sector.name: _in_both(sector) for sector in all_sectors(session)}
    return {}


def _in_both(item: object) -> tuple[str, str]:
    return localized(item, "name", VIETNAMESE), localized(item, "name", ENGLISH)


def _unnamed(key: object) -> tuple[str, str]:
    """A key no name is known for stands for itself; dossiers without a department form a row of their own."""
    return (str(key), str(key)) if key is not None else ("(Chưa phân phòng)", "(No department)")


def _total(rows: list[ReportRow]) -> ReportRow:
    total_row = ReportRow(None, "Tổng cộng", "Total")
    for row in rows:
        for metric, count in row.counts.items():
            total_row.counts[metric] += count
    return total_row
