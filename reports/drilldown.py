"""The dossiers behind one number of a report (danh sách hồ sơ), a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.models import Agency, Channel, Dossier, DossierStatus, ProcedureVersion
from reports.measures import Metric, conditions, in_group, select_counted
from reports.scope import ReportScope
from reports.sla_report import window_of
from sla.calendar import WorkingCalendar

PAGE_SIZE = 50
NO_KEY = object()  # the whole table, not one row of it


@dataclass(frozen=True)
class ListedDossier:
    code: str
    procedure: str
    agency: str
    channel: Channel
    status: DossierStatus
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    procedure_en: str = ""
    agency_en: str = ""


@dataclass(frozen=True)
class DossierList:
    rows: list[ListedDossier]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def dossier_list(
    session: Session,
    scope: ReportScope,
    calendar: WorkingCalendar,
    now: datetime,
    metric: Metric,
    key: object = NO_KEY,
    page: int = 1,
) -> DossierList:
    """The dossiers counted under `metric` in the row `key` (every row by default), oldest received first."""
    window = window_of(scope, calendar, now)
    query = select_counted(
        session,
        scope,
        window,
        Dossier.code,
        ProcedureVersion.name_vi,
        Agency.name,
        Dossier.channel,
        Dossier.status,
        Dossier.received_at,
        Dossier.due_at,
        Dossier.resolved_at,
        ProcedureVersion.name_en,
        Agency.name_en,
    ).join(Agency, Agency.id == Dossier.resolving_agency_id)
    query = query.where(conditions(window)[metric])
    if key is not NO_KEY:
        query = query.where(in_group(scope, key))
    query = query.order_by(Dossier.received_at, Dossier.id)
    page = max(1, page)
    count = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return DossierList([ListedDossier(*row) for row in rows], count, page)
