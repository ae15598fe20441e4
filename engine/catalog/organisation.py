"""The organisation (cơ cấu tổ chức) of a province: agencies with their unit codes (Circular 10/2016/TT-BTTTT) and
departments, loaded from a JSON file checked against organisation.schema.json. Loading again updates what changed
and adds what is new; nothing is deleted (dossiers and roles point at agencies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import DomainError
from engine.models import Agency, AgencyTier, Department
from engine.text import nfc
from sla.office_hours import OfficeHours

SCHEMA = json.loads(Path(__file__).with_name("organisation.schema.json").read_text(encoding="utf-8"))


class OrganisationInvalid(DomainError):
    code = "organisation_invalid"
    message = "Tệp cơ cấu tổ chức chưa hợp lệ: {problems}"


def read_organisation(path: Path) -> dict[str, Any]:
    """The file's content, in NFC, when it is valid: every problem is reported together, none is loaded."""
    try:
        data = nfc(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OrganisationInvalid(problems=f"{path}: {error}") from None
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in validator.iter_errors(data)]
    if not problems:
        seen: set[str] = set()
        for index, agency in enumerate(data["agencies"]):
            if agency["code"] in seen:
                problems.append(f"agencies/{index}: mã {agency['code']} trùng")
            if agency.get("reception_hours", "").strip():
                try:
                    OfficeHours.parse(agency["reception_hours"])
                except ValueError as error:
                    problems.append(f"agencies/{index}/reception_hours: {error}")
            if agency["parent"] is not None and agency["parent"] not in seen:
                problems.append(f"agencies/{index}: cơ quan cấp trên {agency['parent']} phải đứng trước trong tệp")
            seen.add(agency["code"])
    if problems:
        raise OrganisationInvalid(problems=" | ".join(problems))
    return data


def load_organisation(session: Session, data: dict[str, Any]) -> dict[str, Agency]:
    """Create or update every agency and department of `data` (parents first); the agencies by code."""
    agencies: dict[str, Agency] = {a.code: a for a in session.scalars(select(Agency))}
    for spec in data["agencies"]:
        agency = agencies.get(spec["code"])
        if agency is None:
            agency = agencies[spec["code"]] = Agency(code=spec["code"])
            session.add(agency)
        agency.name = spec["name"]
        agency.name_en = spec.get("name_en", "")
        agency.tier = AgencyTier(spec["tier"])
        agency.parent = agencies[spec["parent"]] if spec["parent"] else None
        agency.receives_dossiers = spec["receives_dossiers"]
        agency.address = spec.get("address", agency.address or "")
        agency.phone = spec.get("phone", agency.phone or "")
        agency.reception_hours = spec.get("reception_hours", agency.reception_hours or "")
        agency.symbol = spec.get("symbol", agency.symbol or "")
        existing = {d.code: d for d in agency.departments}
        for part in spec["departments"]:
            department = existing.get(part["code"])
            if department is None:
                department = Department(code=part["code"])
                agency.departments.append(department)
            department.name = part["name"]
            department.name_en = part.get("name_en", "")
    session.flush()
    return agencies
