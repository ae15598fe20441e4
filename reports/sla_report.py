"""The supervisor report (báo cáo tình hình giải quyết hồ sơ): counts per unit, procedure or sector for a period.

Counts are SQL sums over the dossiers a scope counts (reports.measures). Per resolved dossier, the processing
time in working days comes from the prefix-sum calendar and the early / on-time split from the local day of the
due moment; that is the only per-dossier work, over one query's rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from engine.catalog.browse import all_sectors
from engine.languages import ENGLISH, LANGUAGES, VIETNAMESE, localized
from engine.models import Agency, Department, Dossier, DossierPause, Procedure, ProcedureVersion
from reports.measures import SPLIT_IN_PYTHON, Metric, Window, conditions, group_key, scoped, select_counted, total
from reports.portal_indicators import paid_online_share, satisfied_share
from reports.scope import Breakdown, ReportScope
from sla.calendar import Pause, WorkingCalendar
from sla.deadlines import Timeliness, timeliness

SQL_METRICS = tuple(metric for metric in Metric if metric not in SPLIT_IN_PYTHON)


@dataclass
class ReportRow:
    """One row of the table: the counts of a unit, procedure or sector, and its processing times."""

    key: object
    label: str
    label_en: str
    counts: dict[Metric, int] = field(default_factory=lambda: dict.fromkeys(Metric, 0))
    days: list[float] = field(default_factory=list, repr=False)  # working days of each resolved dossier

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

    @property
    def average_days(self) -> float | None:
        return sum(self.days) / len(self.days) if self.days else None

    @property
    def p90_days(self) -> float | None:
        """The 90th percentile by nearest rank: the smallest time at least 90% of dossiers did not exceed."""
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]


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

    Without `times` only the SQL counts are taken: no early / on-time split, no processing times.
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
    """The scope's report once per breakdown, from one grouped query over all their keys."""
    window = window_of(scope, calendar, now)
    where = conditions(window)
    keys = [group_key(breakdown) for breakdown in breakdowns]
    labels = [group_labels(session, breakdown) for breakdown in breakdowns]
    rows: list[dict[object, ReportRow]] = [{} for _ in breakdowns]
    query = select_counted(session, scope, window, *keys, *(total(where[m]) for m in SQL_METRICS)).group_by(*keys)
    for result in session.execute(query):
        for index, key_value in enumerate(result[: len(keys)]):
            row = rows[index].get(key_value) or ReportRow(key_value, *labels[index].get(key_value, _unnamed(key_value)))
            rows[index][key_value] = row
            for metric, count in zip(SQL_METRICS, result[len(keys) :], strict=True):
                row.counts[metric] += int(count)
    for key_values, met, days in resolved_times(session, scope, window, calendar, keys) if times else ():
        for index, key_value in enumerate(key_values):
            row = rows[index][key_value]
            if met is not Timeliness.LATE:
                row.counts[Metric.RESOLVED_EARLY if met is Timeliness.EARLY else Metric.RESOLVED_ON_TIME] += 1
            row.days.append(days)
    reports = []
    for breakdown, by_key in zip(breakdowns, rows, strict=True):
        ordered = sorted(by_key.values(), key=lambda r: (r.key is None, r.label))
        reports.append(Report(replace(scope, breakdown=breakdown), window, ordered, _total(ordered)))
    paid_online, satisfied = paid_online_share(session, scope, window), satisfied_share(session, scope, window)
    for report in reports:
        report.paid_online_share, report.satisfaction = paid_online, satisfied
    return reports


def window_of(scope: ReportScope, calendar: WorkingCalendar, now: datetime) -> Window:
    start, end = scope.period.bounds(calendar.tz)
    return Window(start, end, min(end, now))


def resolved_times(
    session: Session,
    scope: ReportScope,
    window: Window,
    calendar: WorkingCalendar,
    keys: list[ColumnElement],
) -> list[tuple[tuple[object, ...], Timeliness, float]]:
    """(group keys, timeliness, working days) of every dossier resolved in the window."""
    where = conditions(window)[Metric.RESOLVED]
    pauses: dict[int, list[Pause]] = defaultdict(list)
    paused = scoped(
        session,
        select(DossierPause.dossier_id, DossierPause.started_at, DossierPause.ended_at).join_from(
            DossierPause, Dossier, Dossier.id == DossierPause.dossier_id
        ),
        scope,
        window,
    ).where(where)
    for dossier_id, started, ended in session.connection().execute(paused):
        pauses[dossier_id].append((started, ended))
    query = select_counted(
        session,
        scope,
        window,
        Dossier.id,
        Dossier.received_at,
        Dossier.resolved_at,
        Dossier.due_at,
        *keys,
    ).where(where)
    standard_day = calendar.standard_day
    found = []
    # Core rows, not ORM ones: a province-year is a million of them and the ORM's row handling would dominate.
    for dossier_id, received, resolved, due, *key_values in session.connection().execute(query):
        spent = calendar.working_time_between(received, resolved, pauses.get(dossier_id, ()))
        found.append((tuple(key_values), timeliness(resolved, due, calendar.tz), spent / standard_day))
    return found


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
        total_row.days.extend(row.days)
    return total_row
