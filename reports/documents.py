"""The official documents of one-stop work as data: the sets of forms per circular, and rendering them.

`document_sets.json` lists which forms each circular prescribes and when it was in force; a dossier uses
the set in force on the day it was received. Templates live in reports/templates/documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import segno
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from engine.catalog.fees import fee_lines
from engine.models import (
    Agency,
    Channel,
    Dossier,
    Event,
    FilePurpose,
    Outcome,
    PaymentState,
    ReturnMethod,
    User,
)
from engine.payments.service import payments_of
from reports.control_sheet import handovers
from reports.pdf import render_template_pdf


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    form: str
    title: str
    template: str
    issuer: str = "receiving_unit"
    when: str = "received"


@dataclass(frozen=True)
class DocumentSet:
    key: str
    circular: str
    decree: str
    valid_from: date
    valid_to: date | None
    documents: tuple[DocumentSpec, ...]
    register: DocumentSpec
    decision: DocumentSpec

    def spec(self, kind: str) -> DocumentSpec | None:
        return next((spec for spec in self.documents if spec.kind == kind), None)


@cache
def document_sets() -> tuple[DocumentSet, ...]:
    data = json.loads(files("reports").joinpath("document_sets.json").read_text(encoding="utf-8"))
    return tuple(
        DocumentSet(
            key=entry["key"],
            circular=entry["circular"],
            decree=entry["decree"],
            valid_from=date.fromisoformat(entry["valid_from"]),
            valid_to=date.fromisoformat(entry["valid_to"]) if entry["valid_to"] else None,
            documents=tuple(DocumentSpec(**spec) for spec in entry["documents"]),
            register=DocumentSpec(kind="register", **entry["register"]),
            decision=DocumentSpec(kind="decision", **entry["decision"]),
        )
        for entry in data["sets"]
    )


def set_in_force(day: date) -> DocumentSet:
    """The set of forms in force on `day` (the newest one for days after every end date)."""
    for candidate in document_sets():
        if candidate.valid_from <= day and (candidate.valid_to is None or day <= candidate.valid_to):
            return candidate
    return document_sets()[-1]


def dossier_set(dossier: Dossier, tz: ZoneInfo) -> DocumentSet:
    """The set of the day the dossier was received (or submitted, before reception)."""
    return set_in_force((dossier.received_at or dossier.submitted_at).astimezone(tz).date())


def _latest(session: Session, dossier: Dossier, *actions: str) -> Event | None:
    return session.scalar(
        select(Event)
        .where(Event.dossier_id == dossier.id, Event.action.in_(actions))
        .order_by(Event.at.desc(), Event.id.desc())
    )


def _officer_at(session: Session, dossier: Dossier, at: datetime) -> str:
    """Who took the step that reached a milestone: the person on the event of that same moment (the milestone itself
    is the system's)."""
    name = session.scalar(
        select(Event.actor_name)
        .where(Event.dossier_id == dossier.id, Event.at == at, Event.actor_id.is_not(None))
        .order_by(Event.id.desc())
    )
    return name or ""


def _supplement_request(session: Session, dossier: Dossier) -> dict[str, Any] | None:
    """The latest request to supplement: when, by whom, why, and which of the procedure's documents are missing."""
    events = session.scalars(
        select(Event)
        .where(Event.dossier_id == dossier.id, Event.action == "task_completed")
        .order_by(Event.at.desc(), Event.id.desc())
    )
    names = {document.id: document.name for document in dossier.procedure_version.documents}
    for event in events:
        if event.after and event.after.get("supplement_note"):
            missing = [names.get(i, str(i)) for i in event.after.get("missing_documents", [])]
            return {
                "at": event.at,
                "reason": event.after["supplement_note"],
                "missing": missing,
                "officer": event.actor_name,
            }
    return None


def _event(session: Session, dossier: Dossier, action: str) -> dict[str, Any] | None:
    """The latest milestone `action`: when, why, who took the step, and what it recorded."""
    event = _latest(session, dossier, action)
    if event is None:
        return None
    moments = {
        name: datetime.fromisoformat(value)
        for name, value in (event.after or {}).items()
        if name in ("due_before", "new_due") and value
    }
    return {"at": event.at, "reason": event.reason, "officer": _officer_at(session, dossier, event.at), **moments}


# What must have happened for each form to be issued, and the event the form reports.
CONDITIONS = {
    "received": lambda session, dossier: (
        (_event(session, dossier, "dossier_received") or {}) if dossier.received_at else None
    ),
    "supplement_requested": _supplement_request,
    "refused": lambda session, dossier: (
        _event(session, dossier, "dossier_refused") if dossier.outcome is Outcome.REFUSED else None
    ),
    "apologised": lambda session, dossier: (
        _event(session, dossier, "apology_approved") if dossier.apology_count else None
    ),
    "stopped": lambda session, dossier: (
        _event(session, dossier, "dossier_stopped") if dossier.outcome is Outcome.STOPPED else None
    ),
}


def applicable(session: Session, dossier: Dossier, tz: ZoneInfo) -> list[DocumentSpec]:
    """The forms of the dossier's set that it can be given now."""
    return [spec for spec in dossier_set(dossier, tz).documents if CONDITIONS[spec.when](session, dossier) is not None]


def lookup_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/lookup?code={quote(code)}"


def qr_data_uri(url: str) -> str:
    """A QR code (SVG, as a data URI) that opens `url`."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


class Formatter:
    """Moments as a Vietnamese form prints them, in the configured time zone."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "—"
        local = value.astimezone(self.tz)
        return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"

    def day(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%d/%m/%Y") if value else "—"


def province_name(agency: Agency) -> str:
    """The place printed before the date: the province the agency belongs to."""
    root = agency
    while root.parent is not None:
        root = root.parent
    return root.name.removeprefix("Ủy ban nhân dân ").removeprefix("tỉnh ").removeprefix("thành phố ")


RETURN_TEXT = {
    ReturnMethod.COUNTER: "Kết quả được trả trực tiếp tại {unit}.",
    ReturnMethod.POST: "Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ: {address}.",
    ReturnMethod.ONLINE: "Kết quả được trả bản điện tử vào tài khoản của người nộp trên Cổng dịch vụ công.",
}
RETURN_PLACE = {
    ReturnMethod.COUNTER: "{unit}",
    ReturnMethod.POST: "địa chỉ {address}, qua dịch vụ bưu chính công ích",
    ReturnMethod.ONLINE: "tài khoản của người nộp trên Cổng Dịch vụ công (bản điện tử)",
}


def return_text(dossier: Dossier, words: dict[ReturnMethod, str] = RETURN_TEXT) -> str:
    """How the applicant chose to receive the result, as a decision says it (or, with RETURN_PLACE, where, as the
    receipt's «Đăng ký nhận kết quả tại» says it)."""
    return words[dossier.return_method].format(
        unit=dossier.receiving_unit.name, address=dossier.applicant_address or "người nộp đã đăng ký"
    )


def register_entry(session: Session, dossier: Dossier, tz: ZoneInfo) -> tuple[int, int] | None:
    """(book, number) of the dossier in its unit's register (sổ theo dõi hồ sơ): one book a calendar year, numbered
    in the order of receipt; None before it is received."""
    if dossier.received_at is None:
        return None
    year = dossier.received_at.astimezone(tz).year
    before = or_(
        Dossier.received_at < dossier.received_at,
        and_(Dossier.received_at == dossier.received_at, Dossier.id <= dossier.id),
    )
    number = session.scalar(
        select(func.count())
        .select_from(Dossier)
        .where(
            Dossier.receiving_unit_id == dossier.receiving_unit_id,
            Dossier.received_at >= datetime(year, 1, 1, tzinfo=tz),
            before,
        )
    )
    return year, number or 0


def received_documents(dossier: Dossier) -> list[tuple[str, str, int]]:
    """(name, how it was provided, files) of each catalog document the dossier really holds, in catalog order; a file
    received online is an electronic copy whatever the catalog asks at the counter."""
    files: dict[int, int] = {}
    for file in dossier.files:
        if file.purpose is FilePurpose.SUBMITTED and file.document_id is not None:
            files[file.document_id] = files.get(file.document_id, 0) + 1
    online = dossier.channel is Channel.ONLINE
    return [
        (document.name, "Bản điện tử" if online else (document.provided or "Bản giấy"), files[document.id])
        for document in dossier.procedure_version.documents
        if document.id in files
    ]


def fees_of(session: Session, dossier: Dossier) -> list[tuple[str, int | None]]:
    """(what, amount) the receipt lists: the payments received for the dossier, else the fees its channel owes."""
    paid = [payment for payment in payments_of(session, dossier) if payment.state is PaymentState.PAID]
    if paid:
        how = {Channel.ONLINE: "đã nộp trực tuyến", Channel.COUNTER: "đã nộp tại bộ phận một cửa"}
        return [(f"{how[payment.channel]}, mã giao dịch {payment.reference}", payment.amount_vnd) for payment in paid]
    return [(fee.name, fee.amount_vnd) for fee in fee_lines(dossier.procedure_version, dossier.channel)]


def _contributors(session: Session, dossier: Dossier) -> list[str]:
    """The agencies that contribute to resolving the dossier (cơ quan phối hợp, liên thông), by name."""
    codes = [share["agency"] for share in dossier.procedure_version.contributors]
    rows = session.execute(select(Agency.code, Agency.name).where(Agency.code.in_(codes)))
    names = {code: name for code, name in rows}
    return [names.get(code, code) for code in dict.fromkeys(codes)]


def _processing_time(dossier: Dossier) -> str:
    duration = dossier.procedure_version.processing_time(dossier.channel)
    return str(duration) if duration.amount else "trong ngày làm việc"


def render_document(
    session: Session,
    dossier: Dossier,
    spec: DocumentSpec,
    *,
    at: datetime,
    actor: User | None,
    tz: ZoneInfo,
    public_url: str,
    **extra: Any,
) -> bytes:
    """The PDF of one form for one dossier, filled from the dossier, its events and its tasks."""
    issuer = dossier.resolving_agency if spec.issuer == "resolving_agency" else dossier.receiving_unit
    formatter = Formatter(tz)
    url = lookup_url(public_url, dossier.code)
    condition = CONDITIONS.get(spec.when)
    return render_template_pdf(
        f"documents/{spec.template}",
        spec=spec,
        document_set=dossier_set(dossier, tz),
        dossier=dossier,
        issuer=issuer,
        number="",
        place=province_name(issuer),
        today=at.astimezone(tz).date(),
        issued_by=actor,
        event=(condition(session, dossier) if condition else None) or {},
        handovers=handovers(session, dossier, tz) if spec.kind == "control_sheet" else [],
        contributors=_contributors(session, dossier) if spec.kind == "control_sheet" else [],
        received=received_documents(dossier) if spec.kind == "receipt" else [],
        fees=fees_of(session, dossier) if spec.kind == "receipt" else [],
        register_entry=register_entry(session, dossier, tz) if spec.kind == "receipt" else None,
        processing_time=_processing_time(dossier),
        return_place=return_text(dossier, RETURN_PLACE),
        local=formatter.moment,
        local_date=formatter.day,
        lookup_url=url,
        qr=qr_data_uri(url),
        **extra,
    )
