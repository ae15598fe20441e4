"""The procedure catalog: validate catalog files and publish them as procedure versions."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import Session

from engine.catalog.document_keys import entry_document_key
from engine.errors import N_, DomainError
from engine.models import (
    Agency,
    DocumentKind,
    Procedure,
    ProcedureDocument,
    ProcedureFee,
    ProcedureStatus,
    ProcedureTime,
    ProcedureVersion,
    ProcessDefinition,
)
from engine.settings import Settings
from engine.text import nfc
from forms.validation import form_names
from workflows import PROCEDURES_DIR

SCHEMA_FILE = "procedure.schema.json"


class CatalogInvalid(DomainError):
    code = "catalog_invalid"
    message = "Danh mục thủ tục không hợp lệ: {problems}"


class UnknownProcessVersion(DomainError):
    code = "unknown_process_version"
    message = N_(
        "Thủ tục {slug} ghim quy trình {process_key} phiên bản {version}, nhưng phiên bản đó chưa được triển khai."
    )


class UnknownAgency(DomainError):
    code = "unknown_agency"
    message = "Thủ tục {slug} nêu cơ quan mã {agency_code}, nhưng hệ thống chưa có cơ quan này."


@dataclass(frozen=True)
class CatalogEntry:
    """One validated catalog file and the hash of its content."""

    path: Path
    data: dict[str, Any]
    sha256: str


def read_catalog(directory: Path = PROCEDURES_DIR) -> list[CatalogEntry]:
    """Every procedure file in the folder, validated; all problems of all files are reported together."""
    validator = entry_validator(directory)
    entries, problems = [], []
    for path in sorted(directory.glob("*.json")):
        if path.name == SCHEMA_FILE:
            continue
        data = nfc(json.loads(path.read_text(encoding="utf-8")))
        errors = entry_problems(validator, data)
        if data.get("slug") != path.stem:
            errors.append(f"slug phải trùng tên tệp ({path.stem})")
        if errors:
            problems.append(f"{path.name}: {'; '.join(errors)}")
            continue
        entries.append(catalog_entry(path, data))
    if problems:
        raise CatalogInvalid(problems=" | ".join(problems))
    return entries


def entry_validator(directory: Path = PROCEDURES_DIR) -> jsonschema.Draft202012Validator:
    schema = json.loads((directory / SCHEMA_FILE).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def entry_problems(validator: jsonschema.Draft202012Validator, data: dict[str, Any]) -> list[str]:
    """What is wrong with one entry, each named by its field; its blank forms and result fields included."""
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in validator.iter_errors(data)]
    if errors:
        return errors
    errors.extend(_english_problems(data))
    for index, document in enumerate(data["documents"]):
        if document.get("blank") and document["blank"] not in form_names():
            errors.append(f"documents/{index}/blank: không có biểu mẫu {document['blank']} trong thư mục forms")
    names = [field["name"] for field in data["result"]["fields"]]
    if len(set(names)) != len(names):
        errors.append("result/fields: tên trường bị trùng")
    return errors


def catalog_entry(path: Path, data: dict[str, Any]) -> CatalogEntry:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return CatalogEntry(path, data, hashlib.sha256(canonical).hexdigest())


def _english_problems(data: dict[str, Any]) -> list[str]:
    """The English version's lists must pair item by item with the Vietnamese ones."""
    english = data.get("en") or {}
    pairs = {"documents": "documents", "fees": "fees", "legal_basis": "legal_basis", "time_conditions": "times"}
    return [
        f"en/{key}: cần {len(data.get(vietnamese, []))} mục như bản tiếng Việt"
        for key, vietnamese in pairs.items()
        if key in english and len(english[key]) != len(data.get(vietnamese, []))
    ]


def publish(session: Session, entry: CatalogEntry, at: datetime, *, tz: ZoneInfo | None = None) -> ProcedureVersion:
    """Publish an entry as the procedure's newest version, unless that version already has this content.

    The versions before it are retired only when it is in force already: one valid from a later day leaves the
    current one in force until then."""
    data = entry.data
    procedure = session.scalar(select(Procedure).where(Procedure.slug == data["slug"]))
    if procedure is None:
        procedure = Procedure(code=data["code"], slug=data["slug"])
        session.add(procedure)
        session.flush()
    latest = procedure.versions[-1] if procedure.versions else None
    if latest is not None and latest.content_sha256 == entry.sha256:
        return latest
    version = _version_from(session, data, entry.sha256, at)
    if version.valid_from <= at.astimezone(tz or ZoneInfo(Settings.timezone)).date():  # the province's day
        for older in procedure.versions:
            if older.status is ProcedureStatus.PUBLISHED:
                older.status = ProcedureStatus.RETIRED
    version.procedure = procedure
    version.version = (latest.version + 1) if latest else 1
    session.add(version)
    session.flush()
    return version


def _version_from(session: Session, data: dict[str, Any], sha256: str, at: datetime) -> ProcedureVersion:
    agency_id = None
    if data.get("handling_agency"):
        agency_id = session.scalar(select(Agency.id).where(Agency.code == data["handling_agency"]))
        if agency_id is None:
            raise UnknownAgency(slug=data["slug"], agency_code=data["handling_agency"])
    pinned = data.get("process_version")
    if pinned is not None and not session.scalar(
        select(
            exists().where(ProcessDefinition.process_key == data["process_key"], ProcessDefinition.version == pinned)
        )
    ):
        raise UnknownProcessVersion(slug=data["slug"], process_key=data["process_key"], version=pinned)
    cutoff = data.get("same_day_cutoff")
    english = data.get("en", {})
    return ProcedureVersion(
        status=ProcedureStatus.PUBLISHED,
        valid_from=date.fromisoformat(data["valid_from"]),
        published_at=at,
        content_sha256=sha256,
        name_vi=data["name_vi"],
        name_en=data.get("name_en", ""),
        sector=data["sector"],
        sector_en=data.get("sector_en", ""),
        implementing_level=data["implementing_level"],
        handling_agency_id=agency_id,
        handling_body=data["handling_body"],
        department_code=data.get("department_code", ""),
        online_level=data["online_level"],
        same_day_cutoff=time.fromisoformat(cutoff) if cutoff else None,
        supplement_mode=data["supplement_mode"],
        process_key=data["process_key"],
        process_version=pinned,
        result_type=data["result_type"],
        step_budgets=data["step_budgets"],
        contributors=data.get("contributors", []),
        legal_basis=data["legal_basis"],
        sources=data["sources"],
        note=data.get("note", ""),
        english=english,
        result=data["result"],
        guide=data.get("guide", []),
        provenance=data.get("provenance", {}),
        entry=data,
        times=[
            ProcedureTime(
                channel=t.get("channel"),
                amount=t["amount"],
                unit=t["unit"],
                condition=t.get("condition", ""),
                condition_en=_item(english.get("time_conditions"), i) or "",
            )
            for i, t in enumerate(data["times"])
        ],
        documents=[
            ProcedureDocument(
                position=i,
                name=d["name"],
                key=entry_document_key(d),
                form=d.get("form", ""),
                kind=DocumentKind(d["kind"]) if "kind" in d else None,
                count=d.get("count", 1),
                blank=d.get("blank", ""),
                required=d.get("required", True),
                note=d.get("note", ""),
                **_english_of(english.get("documents"), i - 1, ("name", "form", "note")),
            )
            for i, d in enumerate(data["documents"], start=1)
        ],
        fees=[
            ProcedureFee(
                name=f["name"],
                amount_vnd=f["amount_vnd"],
                channel=f.get("channel"),
                note=f.get("note", ""),
                **_english_of(english.get("fees"), i, ("name", "note")),
            )
            for i, f in enumerate(data["fees"])
        ],
    )


def _item(items: list[Any] | None, index: int) -> Any:
    """The English list's item paired with the Vietnamese item at `index`, None when it has none."""
    return items[index] if items and index < len(items) else None


def _english_of(items: list[Any] | None, index: int, keys: tuple[str, ...]) -> dict[str, str]:
    """The `<key>_en` columns of one document or fee from its English item."""
    item = _item(items, index) or {}
    return {f"{key}_en": item.get(key, "") for key in keys}


def current_version(session: Session, slug: str, on: date) -> ProcedureVersion | None:
    """The published version a new dossier received on `on` starts with."""
    return session.scalar(_current_version(), {"slug": slug, "on": on})


@cache
def _current_version() -> Select[tuple[ProcedureVersion]]:
    """Built once (building it cost a submission about as much as running it); its parameters are `slug` and `on`."""
    return (
        select(ProcedureVersion)
        .join(Procedure)
        .where(
            Procedure.slug == bindparam("slug"),
            ProcedureVersion.status == ProcedureStatus.PUBLISHED,
            ProcedureVersion.valid_from <= bindparam("on", type_=ProcedureVersion.valid_from.type),
        )
        .order_by(ProcedureVersion.version.desc())
        .limit(1)
    )
