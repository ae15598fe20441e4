"""Public statistics (công khai kết quả giải quyết): what the portal rules require to be public, no personal data.

Dossiers received by day and by agency, resolved and on-time rates, how each online service is used, and
the dossiers waiting for the applicant with what they wait for. Only codes, procedures, units and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from engine.models import Agency, Dossier, DossierPause, DossierStatus, OnlineLevel, Procedure, ProcedureVersion
from reports.measures import Metric, total
from reports.scope import Breakdown, Period, ReportScope
from reports.sla_report import ReportRow, build_reports
from sla.calendar import WorkingCalendar

DAYS_SHOWN = 30
WAITING_SHOWN = 100
WAITING_STATUSES = (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FINANCIAL_OBLIGATION)


@dataclass(frozen=True)
class WaitingDossier:
    code: str
    procedure: str
    agency: str
    since: datetime
    status: DossierStatus  # what it waits for: documents to supplement, or a financial obligation
    procedure_en: str = ""
    agency_en: str = ""


@dataclass(frozen=True)
class ServiceUse:
    code: str
    name: str
    online_level: OnlineLevel
    received_online: int
    resolved: int
    name_en: str = ""


@dataclass(frozen=True)
class PublicStatistics:
    year: int
    as_of: datetime
    by_day: list[tuple[date, int]]
    agencies: list[ReportRow]
    province: ReportRow
    services: list[ServiceUse]
    waiting: list[WaitingDossier]
    waiting_total: int


def public_statistics(session: Session, calendar: WorkingCalendar, now: datetime) -> PublicStatistics:
    """The year so far, as of `now`, from SQL counts only."""
    today = calendar.local(now).date()
    year = ReportScope(Period(date(today.year, 1, 1), date(today.year, 12, 31)))
    by_agency, by_procedure = build_reports(
        session, year, (Breakdown.AGENCY, Breakdown.PROCEDURE), calendar, now, times=False
    )
    waiting, waiting_total = waiting_dossiers(session)
    return PublicStatistics(
        today.year,
        now,
        received_by_day(session, calendar, today),
        by_agency.rows,
        by_agency.total,
        services(session, by_procedure.rows),
        waiting,
        waiting_total,
    )


def received_by_day(session: Session, calendar: WorkingCalendar, today: date) -> list[tuple[date, int]]:
    """Dossiers received on each of the last days, counted by one range scan."""
    days = [today - timedelta(days=n) for n in range(DAYS_SHOWN - 1, -1, -1)]
    bounds = [datetime.combine(day, time(), calendar.tz) for day in [*days, today + timedelta(days=1)]]
    sums = session.execute(
        select(*(total(and_(Dossier.received_at >= a, Dossier.received_at < b)) for a, b in pairwise(bounds))).where(
            Dossier.received_at >= bounds[0], Dossier.received_at < bounds[-1]
        )
    ).one()
    return list(zip(days, map(int, sums), strict=True))


def services(session: Session, rows: list[ReportRow]) -> list[ServiceUse]:
    """Each procedure offered online, how many dossiers came online this year and how many were resolved."""
    counted = {row.key: row for row in rows}
    latest = (
        select(
            Procedure.id,
            Procedure.code,
            ProcedureVersion.name_vi,
            ProcedureVersion.online_level,
            ProcedureVersion.name_en,
        )
        .join(ProcedureVersion)
        .order_by(Procedure.code, ProcedureVersion.version)
    )
    found: dict[int, ServiceUse] = {}
    for procedure_id, code, name, level, name_en in session.execute(latest):
        row = counted.get(procedure_id)
        online = row.counts[Metric.NEW_ONLINE] if row else 0
        resolved = row.counts[Metric.RESOLVED] if row else 0
        found[procedure_id] = ServiceUse(code, name, level, online, resolved, name_en)
    return list(found.values())


def waiting_dossiers(session: Session) -> tuple[list[WaitingDossier], int]:
    """The dossiers waiting for the applicant now, longest waiting first, and how many there are."""
    query = (
        select(
            Dossier.code,
            ProcedureVersion.name_vi,
            Agency.name,
            DossierPause.started_at,
            Dossier.status,
            ProcedureVersion.name_en,
            Agency.name_en,
        )
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .join(Agency, Agency.id == Dossier.resolving_agency_id)
        .join(DossierPause, and_(DossierPause.dossier_id == Dossier.id, DossierPause.ended_at.is_(None)))
        .where(Dossier.status.in_(WAITING_STATUSES))
    )
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(DossierPause.started_at, Dossier.code).limit(WAITING_SHOWN))
    return [WaitingDossier(*row) for row in rows], count
