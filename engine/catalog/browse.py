"""The public procedure catalog: today's published versions, filtered by sector, handling agency and level,
searched without accents ("giay phep xay dung" finds "Giấy phép xây dựng")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.languages import localized
from engine.models import Agency, AgencyTier, OnlineLevel, Procedure, ProcedureStatus, ProcedureVersion
from engine.text import fold

# Levels at which a dossier can be submitted online; level 2 only informs and offers the forms.
ONLINE_SUBMISSION = {OnlineLevel.LEVEL_3, OnlineLevel.LEVEL_4, OnlineLevel.FULL_ONLINE, OnlineLevel.PARTIAL_ONLINE}
COMMUNES = "commune"  # the handling agency key of procedures every commune resolves for itself


@dataclass(frozen=True)
class CatalogFilter:
    search: str = ""
    sector: str = ""
    agency: str = ""  # a handling agency's code, or COMMUNES
    level: AgencyTier | None = None
    online_level: OnlineLevel | None = None


@dataclass(frozen=True)
class Sector:
    """A sector (lĩnh vực) of the catalog: its Vietnamese name, which filters take, and its English name."""

    name: str
    name_en: str = ""


@dataclass(frozen=True)
class Catalog:
    procedures: list[ProcedureVersion]
    sectors: list[Sector]
    agencies: list[tuple[str, Agency | None]]  # (key, handling agency); the communes' entry has none
    total: int  # procedures in force before filtering


@dataclass(frozen=True)
class ProcedureChoice:
    """A procedure as a filter offers it: its key for the form, its code and its newest name in each language."""

    key: object  # the procedure's slug or id, as the page's filter takes it
    code: str
    name_vi: str
    name_en: str

    def label(self, language: str) -> str:
        return f"{self.code} — {localized(self, 'name', language)}"


def procedure_choices(session: Session, *, key: str = "slug") -> list[ProcedureChoice]:
    """Every procedure with its newest version's names, by code, for the staff's filters."""
    rows = session.execute(
        select(Procedure.slug, Procedure.id, Procedure.code, ProcedureVersion.name_vi, ProcedureVersion.name_en)
        .join(ProcedureVersion, ProcedureVersion.procedure_id == Procedure.id)
        .order_by(Procedure.code, ProcedureVersion.version)
    )
    newest = {row.code: row for row in rows}
    return [
        ProcedureChoice(getattr(row, key), row.code, row.name_vi, row.name_en or "")
        for row in sorted(newest.values(), key=lambda row: row.code)
    ]


def current_versions(session: Session, on: date) -> list[ProcedureVersion]:
    """The published version in force on `on` of every procedure, by sector and name."""
    rows = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.status == ProcedureStatus.PUBLISHED, ProcedureVersion.valid_from <= on)
        .order_by(ProcedureVersion.procedure_id, ProcedureVersion.version)
    )
    newest = {version.procedure_id: version for version in rows}
    return sorted(newest.values(), key=lambda v: (fold(v.sector), fold(v.name_vi)))


def browse(session: Session, on: date, where: CatalogFilter) -> Catalog:
    """The procedures in force that match every given filter; the search matches name (either language) or code."""
    versions = current_versions(session, on)
    words = fold(where.search).split()

    def matches(v: ProcedureVersion) -> bool:
        text = fold(f"{v.procedure.code} {v.name_vi} {v.name_en} {v.sector} {v.sector_en}")
        return (
            all(word in text for word in words)
            and (not where.sector or v.sector == where.sector)
            and (not where.agency or agency_key(v) == where.agency)
            and (where.level is None or v.implementing_level is where.level)
            and (where.online_level is None or v.online_level is where.online_level)
        )

    return Catalog(
        procedures=[v for v in versions if matches(v)],
        sectors=sectors_of(versions),
        agencies=sorted({agency_key(v): v.handling_agency for v in versions}.items(), key=lambda pair: pair[0]),
        total=len(versions),
    )


def sectors_of(versions: Iterable[Any]) -> list[Sector]:
    """The sectors the versions (oldest first) name, by Vietnamese name, each with the last English given it."""
    english: dict[str, str] = {}
    for version in versions:
        english[version.sector] = version.sector_en or english.get(version.sector, "")
    return [Sector(name, english[name]) for name in sorted(english, key=fold)]


def all_sectors(session: Session) -> list[Sector]:
    """Every sector any version names, for filters over past dossiers too."""
    return sectors_of(
        session.execute(select(ProcedureVersion.sector, ProcedureVersion.sector_en).order_by(ProcedureVersion.id))
    )


def agency_key(version: ProcedureVersion) -> str:
    return version.handling_agency.code if version.handling_agency else COMMUNES


@dataclass(frozen=True)
class ProcedurePage:
    version: ProcedureVersion
    receiving_units: list[Agency]  # where a dossier of this procedure can be submitted
    online_submission: bool
    upcoming: ProcedureVersion | None = None  # published to come into force on a later day
    changes: tuple[str, ...] = ()  # what the upcoming version changes: times, fees, documents, legal_basis, ...


CHANGING = ("times", "fees", "documents", "legal_basis", "result_type", "handling_body", "online_level")


def procedure_page(session: Session, code: str, on: date) -> ProcedurePage:
    """Everything the public sees of one procedure, by its national code (or its slug)."""
    procedure = session.scalar(select(Procedure).where((Procedure.code == code) | (Procedure.slug == code)))
    version = next((v for v in current_versions(session, on) if procedure and v.procedure_id == procedure.id), None)
    if version is None:
        raise NotFound(what=f"thủ tục {code}")
    commune = version.implementing_level is AgencyTier.COMMUNE
    units = session.scalars(
        select(Agency)
        .where(Agency.receives_dossiers, (Agency.tier == AgencyTier.COMMUNE) == commune)
        .order_by(Agency.name)
    )
    upcoming = upcoming_version(session, version, on)
    changes = tuple(key for key in CHANGING if upcoming and _said(upcoming, key) != _said(version, key))
    return ProcedurePage(version, list(units), version.online_level in ONLINE_SUBMISSION, upcoming, changes)


def upcoming_version(session: Session, current: ProcedureVersion, on: date) -> ProcedureVersion | None:
    """The newest version published after the one in force to come into force on a later day."""
    return session.scalar(
        select(ProcedureVersion)
        .where(
            ProcedureVersion.procedure_id == current.procedure_id,
            ProcedureVersion.status == ProcedureStatus.PUBLISHED,
            ProcedureVersion.valid_from > on,
            ProcedureVersion.version > current.version,
        )
        .order_by(ProcedureVersion.version.desc())
        .limit(1)
    )


def _said(version: ProcedureVersion, key: str) -> object:
    """What a version says of one part, as the public page shows it."""
    if key == "times":
        return [(t.channel, t.amount, t.unit, t.condition) for t in version.times]
    if key == "fees":
        return [(f.name, f.amount_vnd, f.channel, f.note) for f in version.fees]
    if key == "documents":
        return [(d.name, d.kind, d.count, d.form, d.required, d.note) for d in version.documents]
    return getattr(version, key)
