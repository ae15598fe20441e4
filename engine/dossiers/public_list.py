"""The public list of dossiers (Khánh Hòa, 2019): by day and agency, the dossiers received, the dossiers resolved,
and those waiting for supplementation with what each must supplement. It names a dossier by its code and procedure
only: never who applied, where they live or their papers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from engine.models import Dossier, DossierPause, DossierStatus, Event, ProcedureDocument, ProcedureVersion

PAGE_SIZE = 25
SECTIONS = ("received", "resolved", "supplement")


@dataclass(frozen=True)
class PublicDossier:
    """One line of the list: nothing here identifies a person."""

    code: str
    procedure: str
    procedure_en: str
    at: datetime | None  # received, resolved, or asked to supplement
    missing: tuple[str, ...] = ()  # the documents to supplement, by their catalog names


@dataclass(frozen=True)
class PublicList:
    section: str
    rows: list[PublicDossier]
    counts: dict[str, int]
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.counts[self.section] // PAGE_SIZE))


def public_dossiers(
    session: Session, *, start: datetime, end: datetime, agency_id: int | None, section: str, page: int = 1
) -> PublicList:
    """The dossiers of one day (`start` to `end`) in one section, a page at a time, with the count of each section;
    an agency is the unit that received a dossier or the one competent to resolve it."""
    queries = {name: _section(name, start, end, agency_id) for name in SECTIONS}
    counts = {
        name: session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        for name, query in queries.items()
    }
    page = max(1, page)
    found = session.execute(queries[section].limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    missing = _missing(session, [row.id for row in found]) if section == "supplement" else {}
    rows = [PublicDossier(row.code, row.name_vi, row.name_en, row.at, missing.get(row.id, ())) for row in found]
    return PublicList(section, rows, counts, page)


def _section(section: str, start: datetime, end: datetime, agency_id: int | None) -> Select:
    asked = func.coalesce(DossierPause.started_at, Dossier.updated_at)  # the open pause began with the request
    moment = {"received": Dossier.received_at, "resolved": Dossier.resolved_at, "supplement": asked}[section]
    query = select(Dossier.id, Dossier.code, ProcedureVersion.name_vi, ProcedureVersion.name_en, moment.label("at"))
    query = query.join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
    if section == "supplement":  # waiting now, asked by the end of the day shown
        open_pause = (DossierPause.dossier_id == Dossier.id) & DossierPause.ended_at.is_(None)
        query = query.outerjoin(DossierPause, open_pause)
        query = query.where(Dossier.status == DossierStatus.SUPPLEMENT_REQUESTED, asked < end)
    else:
        query = query.where(moment >= start, moment < end)
    if agency_id is not None:
        query = query.where(or_(Dossier.receiving_unit_id == agency_id, Dossier.resolving_agency_id == agency_id))
    return query.order_by(moment.desc(), Dossier.id.desc())


def _missing(session: Session, dossier_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """{dossier: the names of the documents its latest supplementation request (yêu cầu bổ sung) asks for}."""
    if not dossier_ids:
        return {}
    events = session.execute(
        select(Event.dossier_id, Event.after)
        .where(Event.dossier_id.in_(dossier_ids), Event.action == "supplement_requested")
        .order_by(Event.id)
    ).all()
    wanted = {dossier_id: (after or {}).get("missing_documents", []) for dossier_id, after in events}
    ids = {document for documents in wanted.values() for document in documents}
    found = select(ProcedureDocument.id, ProcedureDocument.name).where(ProcedureDocument.id.in_(ids))
    names = dict(session.execute(found).all()) if ids else {}
    return {dossier: tuple(names[d] for d in documents if d in names) for dossier, documents in wanted.items()}
