"""What the applicant portal reads: an applicant's own dossiers, and the public lookup by code and a second factor.

An applicant sees only the dossiers their account submitted; another code, even a real one, is "not found".
The public lookup shows status and dates only, and answers a wrong factor exactly as an unknown code.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from engine.errors import NotFound
from engine.models import Dossier, DossierStatus, OutboxMessage, Outcome, ReturnMethod, TaskRow, TaskState
from engine.notices.compose import PORTAL
from engine.people.identity import IdentityProblem, compact_number, phone


@dataclass(frozen=True)
class Moments:
    """The dates a dossier shows: submitted, received, due, resolved, returned."""

    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None

    @classmethod
    def of(cls, dossier: Dossier) -> Moments:
        return cls(dossier.submitted_at, dossier.received_at, dossier.due_at, dossier.resolved_at, dossier.returned_at)


@dataclass(frozen=True)
class MyDossierLine:
    code: str
    procedure_vi: str
    procedure_en: str
    status: DossierStatus
    steps: tuple[str, ...]  # the behaviours of the open tasks: where the dossier is now
    awaited: str  # what the applicant is asked to do now (see `awaited_from_applicant`), or ""
    moments: Moments


@dataclass(frozen=True)
class Notice:
    at: datetime
    subject: str
    body: str


@dataclass(frozen=True)
class MyDossier:
    line: MyDossierLine
    procedure_code: str
    outcome: Outcome | None
    receiving_unit_vi: str
    receiving_unit_en: str
    receiving_unit_hours: str  # its own reception hours as `sla.office_hours` text; "" = the office hours
    return_method: ReturnMethod
    result_summary: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    applicant_email: str
    applicant_address: str
    notices: tuple[Notice, ...]
    request: str  # the wording of what is asked of the applicant now (the supplementation request), or ""


@dataclass(frozen=True)
class PublicStatus:
    """All the public lookup tells: the code, the procedure, the status and the dates."""

    code: str
    procedure_vi: str
    procedure_en: str
    status: DossierStatus
    moments: Moments


def awaited_from_applicant(dossier: Dossier) -> str:
    """What the dossier waits for from its applicant: `supplement`, `payment`, `result` to collect, or ""."""
    if dossier.status is DossierStatus.SUPPLEMENT_REQUESTED:
        return "supplement"
    if dossier.status is DossierStatus.FINANCIAL_OBLIGATION:
        return "payment"
    if dossier.status is DossierStatus.RESOLVED and dossier.outcome is Outcome.GRANTED:
        return "result"
    return ""


def my_dossiers(session: Session, user_id: int) -> list[MyDossierLine]:
    """The applicant's own dossiers, newest first."""
    dossiers = list(
        session.scalars(
            select(Dossier)
            .where(Dossier.applicant_id == user_id)
            .options(selectinload(Dossier.procedure_version))
            .order_by(Dossier.submitted_at.desc(), Dossier.id.desc())
        )
    )
    steps = _open_steps(session, [d.id for d in dossiers])
    return [_line(d, steps.get(d.id, ())) for d in dossiers]


def my_dossier(session: Session, user_id: int, code: str) -> MyDossier:
    """One of the applicant's own dossiers with its portal notices; any other code is not found."""
    dossier = session.scalar(select(Dossier).where(Dossier.code == code, Dossier.applicant_id == user_id))
    if dossier is None:
        raise NotFound(what=f"hồ sơ {code} của bạn")
    notices = list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.dossier_id == dossier.id,
                OutboxMessage.channel == PORTAL,
                OutboxMessage.recipient == f"user:{user_id}",
            )
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        )
    )
    line = _line(dossier, _open_steps(session, [dossier.id]).get(dossier.id, ()))
    asked = next((n.body for n in notices if n.dedup_key.startswith(f"{line.awaited}_requested:")), "")
    return MyDossier(
        line=line,
        procedure_code=dossier.procedure_version.procedure.code,
        outcome=dossier.outcome,
        receiving_unit_vi=dossier.receiving_unit.name,
        receiving_unit_en=dossier.receiving_unit.name_en,
        receiving_unit_hours=dossier.receiving_unit.reception_hours,
        return_method=dossier.return_method,
        result_summary=dossier.result_summary,
        applicant_name=dossier.applicant_name,
        applicant_id_number=dossier.applicant_id_number,
        applicant_phone=dossier.applicant_phone,
        applicant_email=dossier.applicant_email,
        applicant_address=dossier.applicant_address,
        notices=tuple(Notice(n.created_at, n.subject, n.body) for n in notices),
        request=asked if line.awaited else "",
    )


def lookup(session: Session, code: str, factor: str) -> PublicStatus | None:
    """The dossier's status when the factor is its applicant's phone or identity number (CCCD or tax code)."""
    code, factor = code.strip().upper(), factor.strip()
    dossier = session.scalar(select(Dossier).where(Dossier.code == code)) if code and factor else None
    expected = [compact_number(dossier.applicant_id_number), _phone(dossier.applicant_phone)] if dossier else []
    given = [compact_number(factor), _phone(factor)]
    if not any(e and hmac.compare_digest(e, g) for e in expected for g in given if g):
        return None
    version = dossier.procedure_version
    return PublicStatus(dossier.code, version.name_vi, version.name_en, dossier.status, Moments.of(dossier))


def _phone(value: str) -> str:
    try:
        return phone(value)
    except IdentityProblem:
        return ""


def _line(dossier: Dossier, steps: tuple[str, ...]) -> MyDossierLine:
    version = dossier.procedure_version
    return MyDossierLine(
        dossier.code,
        version.name_vi,
        version.name_en,
        dossier.status,
        steps,
        awaited_from_applicant(dossier),
        Moments.of(dossier),
    )


def _open_steps(session: Session, dossier_ids: list[int]) -> dict[int, tuple[str, ...]]:
    steps: dict[int, tuple[str, ...]] = {}
    if not dossier_ids:
        return steps
    rows = session.execute(
        select(TaskRow.dossier_id, TaskRow.behaviour)
        .where(TaskRow.dossier_id.in_(dossier_ids), TaskRow.state == TaskState.OPEN)
        .order_by(TaskRow.id)
    )
    for dossier_id, name in rows:
        steps[dossier_id] = (*steps.get(dossier_id, ()), name)
    return steps
