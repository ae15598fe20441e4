"""The catalog loaded from the national procedure database's export (nhập danh mục TTHC từ CSDL quốc gia): each
record becomes a new procedure with a draft, or a draft over the procedure with the same code; nothing is published.
Every record is its own transaction with its event, so a refused one never stops the others nor half-writes one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.audit import record_event
from engine.catalog.drafts import EntryNotKept, StaleDraft, first_entry
from engine.catalog.national_records import IMPORTED, NationalRecord, catalog_fields, read_export
from engine.errors import N_, DomainError, NotAllowed
from engine.models import Procedure, ProcedureDraft, User
from engine.people.permissions import procedure_editor
from engine.runtime import Runtime

IMPORT = N_("nhập thủ tục này từ CSDL quốc gia")
CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ImportLine:
    """What became of one record: its outcome, the catalog fields it changed, or why it was refused."""

    position: int
    code: str
    outcome: str
    changes: list[Change] = field(default_factory=list)
    error: DomainError | None = None


@dataclass(frozen=True)
class ImportReport:
    lines: list[ImportLine]

    def count(self, outcome: str) -> int:
        return sum(line.outcome == outcome for line in self.lines)


def import_export(runtime: Runtime, path: Path, *, username: str, dry_run: bool = False) -> ImportReport:
    """Bring every record of the export into the catalog's drafts as `username`; `dry_run` says what would change."""
    records = read_export(path)
    reason = f"Nhập từ CSDL quốc gia về thủ tục hành chính: {path.name}"
    return ImportReport([_import_record(runtime, record, username, reason, dry_run) for record in records])


def _import_record(runtime: Runtime, record: NationalRecord, username: str, reason: str, dry_run: bool) -> ImportLine:
    try:
        fields = catalog_fields(record)
        with runtime.unit_of_work() as uow:
            line = _apply(uow.session, record.position, fields, username, reason, runtime.clock.now())
            if not dry_run and line.outcome != UNCHANGED:
                uow.commit()
            return line
    except DomainError as error:
        return ImportLine(record.position, record.code, REFUSED, error=error)


def _apply(
    session: Session, position: int, fields: dict[str, Any], username: str, reason: str, at: datetime
) -> ImportLine:
    code = fields["code"]
    actor_id = session.scalar(select(User.id).where(User.username == username))
    if actor_id is None:
        raise NotAllowed(action=IMPORT)
    procedure = session.scalar(select(Procedure).where(Procedure.code == code))
    newest = procedure.versions[-1] if procedure and procedure.versions else None
    actor = procedure_editor(session, actor_id, newest.handling_agency_id if newest else None, IMPORT)
    if procedure is None:
        procedure = Procedure(code=code, slug="tthc_" + code.replace(".", "_"))
        session.add(procedure)
        _flush(session, code)
    draft = session.scalar(select(ProcedureDraft).where(ProcedureDraft.procedure_id == procedure.id))
    if draft is not None:
        base = draft.entry
    elif newest is not None:
        if not newest.entry:
            raise EntryNotKept(code=code, version=newest.version)
        base = newest.entry
    else:
        base = first_entry(procedure.slug, at.date())
    entry = _merged(base, fields)
    changes = [Change(key, base.get(key), entry[key]) for key in IMPORTED if base.get(key) != entry[key]]
    if not changes:
        return ImportLine(position, code, UNCHANGED)
    outcome = UPDATED if newest is not None or draft is not None else CREATED
    if draft is None:
        draft = ProcedureDraft(procedure_id=procedure.id, base_version=newest.version if newest else 0, revision=0)
        session.add(draft)
    draft.entry, draft.revision = entry, draft.revision + 1
    draft.saved_by_id, draft.saved_at, draft.reason = actor.id, at, reason
    record_event(
        session,
        "procedure_draft_imported",
        at,
        actor=actor,
        result=code,
        reason=reason,
        before={c.field: c.old for c in changes},
        after={c.field: c.new for c in changes},
    )
    _flush(session, code)
    return ImportLine(position, code, outcome, changes)


def _merged(base: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The national values over the entry; a document or fee keeps what only the province says of it (its blank
    form, note, kind) when the national one has the same name, and the pages read before stay among the sources."""
    entry = {**base, **fields}
    entry["sources"] = fields["sources"] + [s for s in base.get("sources", []) if s not in fields["sources"]]
    for key in ("documents", "fees"):
        kept = {item["name"]: item for item in base.get(key, [])}
        entry[key] = [{**kept.get(item["name"], {}), **item} for item in fields[key]]
    return entry


def _flush(session: Session, code: str) -> None:
    """Write the record: a draft saved by someone else meanwhile refuses it."""
    try:
        session.flush()
    except (IntegrityError, StaleDataError):
        raise StaleDraft(code=code) from None
