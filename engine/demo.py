"""Demo data: the fictional province of `demo_province.json`, its staff and applicants, and the catalog.

Loading is idempotent: what exists (by unit code, department code, username or content hash) is kept as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.organisation import load_organisation
from engine.catalog.procedures import publish, read_catalog
from engine.documents.certificates import issue_demo_certificates
from engine.models import Agency, ApplicantType, Role, RoleAssignment, User, UserKind
from engine.people.passwords import hash_password
from engine.questions.topics import seed_topics
from engine.settings import Settings
from engine.workflow.definitions import deploy_shipped

DEMO_PASSWORD = "motcua-demo"
PROVINCE_FILE = Path(__file__).with_name("demo_province.json")
STAFF_MAIL_DOMAIN = "thaian.example.vn"  # a reserved example domain: demo notices never reach anybody


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit: str


def load_demo_data(session: Session, at: datetime, *, certificates: Settings | None = None) -> list[DemoLogin]:
    """Create what is missing of the demo province and return every demo login.

    With `certificates` (the instance's settings), the demo certificate authority is created and trusted in the
    instance, and every leader gets a certificate.
    """
    province = json.loads(PROVINCE_FILE.read_text(encoding="utf-8"))
    password_hash = hash_password(DEMO_PASSWORD)
    logins = []
    agencies = load_organisation(session, province)
    for spec in province["agencies"]:
        for person in spec["staff"]:
            logins.append(_staff_member(session, agencies[spec["code"]], person, password_hash, at))
    for person in province["applicants"]:
        logins.append(_applicant(session, person, password_hash, at))
    for entry in read_catalog():
        publish(session, entry, at)
    deploy_shipped(session, at)
    seed_topics(session)
    if certificates is not None:
        issue_demo_certificates(session, at, certificates)
    return logins


def _staff_member(
    session: Session, agency: Agency, person: dict[str, Any], password_hash: str, at: datetime
) -> DemoLogin:
    user = _user(session, person, password_hash, at, UserKind.STAFF, email=f"{person['username']}@{STAFF_MAIL_DOMAIN}")
    role = Role(person["role"])
    department = next((d for d in agency.departments if d.code == person.get("department")), None)
    if not any(r.role == role and r.agency_id == agency.id for r in user.roles):
        user.roles.append(RoleAssignment(role=role, agency=agency, department=department))
    unit = agency.name + (f" — {department.name}" if department else "")
    return DemoLogin(user.username, user.full_name, role.value, unit)


def _applicant(session: Session, person: dict[str, Any], password_hash: str, at: datetime) -> DemoLogin:
    fields = {k: person.get(k) for k in ("email", "id_number", "tax_code", "phone", "address")}
    born = person.get("date_of_birth")
    user = _user(
        session,
        person,
        password_hash,
        at,
        UserKind.APPLICANT,
        applicant_type=ApplicantType(person["applicant_type"]),
        date_of_birth=date.fromisoformat(born) if born else None,
        email_verified_at=at,
        **{k: v for k, v in fields.items() if v is not None},
    )
    return DemoLogin(user.username, user.full_name, f"applicant ({person['applicant_type']})", "—")


def _user(
    session: Session, person: dict[str, Any], password_hash: str, at: datetime, kind: UserKind, **fields: Any
) -> User:
    user = session.scalar(select(User).where(User.username == person["username"]))
    if user is None:
        user = User(
            username=person["username"],
            full_name=person["full_name"],
            password_hash=password_hash,
            kind=kind,
            created_at=at,
            **fields,
        )
        session.add(user)
        session.flush()
    return user
