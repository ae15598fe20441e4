"""What enters an applicant's store, inside the step that earns it: the applicant's files when the dossier is
received (not while it is a draft), the results issued to them when returned.

An online dossier belongs to the account that submitted it. A counter dossier belongs to the account whose identity
number (CCCD for a citizen, tax code for an organisation: checked when the account was registered and its email
verified) is the one the clerk entered, when exactly one active, verified account holds it; never matched by name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.catalog.document_keys import result_key, result_title
from engine.models import (
    ApplicantDocument,
    Channel,
    DocumentOrigin,
    Dossier,
    DossierFile,
    FilePurpose,
    Outcome,
    User,
    UserKind,
)
from engine.people.identity import compact_number

_APPLICANTS_OWN = {FilePurpose.SUBMITTED, FilePurpose.SUPPLEMENT}


def file_received(session: Session, dossier: Dossier, at: datetime) -> None:
    """The applicant's files of a received dossier, each under the document it stands for."""
    owner_id = store_owner(session, dossier)
    if owner_id is None:
        return
    files = [
        f
        for f in dossier.files
        if f.purpose in _APPLICANTS_OWN
        and f.document is not None
        and f.document.storable
        and f.store_document_id is None
    ]
    _add(
        session, dossier, owner_id, at, [(f, f.document.key, f.document.name) for f in files], DocumentOrigin.SUBMITTED
    )


def file_results(session: Session, dossier: Dossier, at: datetime, issued_on: date) -> None:
    """The results returned to the applicant, as issued by the agency that resolved the dossier."""
    result = dossier.procedure_version.result
    if dossier.outcome is not Outcome.GRANTED or not result:
        return
    owner_id = store_owner(session, dossier)
    if owner_id is None:
        return
    key, title = result_key(result), result_title(result)
    files = [(f, key, title) for f in dossier.files if f.purpose is FilePurpose.RESULT]
    months = result.get("valid_months")
    expires_on = add_months(issued_on, months) if months else None
    _add(session, dossier, owner_id, at, files, DocumentOrigin.RESULT, issued_on, expires_on)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31/8 + 6 months: 28/2 or 29/2)."""
    return day + relativedelta(months=months)


def store_owner(session: Session, dossier: Dossier) -> int | None:
    """Whose store the dossier feeds: its online applicant, or the one verified account holding the identity number
    the clerk entered at the counter; None when no account (or more than one) matches."""
    if dossier.channel is Channel.ONLINE:
        return dossier.applicant_id
    number = compact_number(dossier.applicant_id_number or "")
    if not number:
        return None
    holders = session.scalars(
        select(User.id)
        .where(
            User.kind == UserKind.APPLICANT,
            User.is_active,
            User.email_verified_at.is_not(None),
            or_(User.id_number == number, User.tax_code == number),
        )
        .limit(2)
    ).all()
    return holders[0] if len(holders) == 1 else None


def _add(
    session: Session,
    dossier: Dossier,
    owner_id: int,
    at: datetime,
    files: Iterable[tuple[DossierFile, str, str]],
    origin: DocumentOrigin,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> None:
    """One row per new (key, content); what the store holds already, hidden or not, stays as its owner left it."""
    rows = session.execute(
        select(ApplicantDocument.key, ApplicantDocument.sha256).where(ApplicantDocument.owner_id == owner_id)
    )
    held = {(key, sha256) for key, sha256 in rows}
    for file, key, title in files:
        if (key, file.sha256) in held:
            continue
        held.add((key, file.sha256))
        session.add(
            ApplicantDocument(
                owner_id=owner_id,
                key=key,
                title=title,
                sha256=file.sha256,
                filename=file.filename,
                origin=origin,
                dossier_id=dossier.id,
                dossier_code=dossier.code,
                issuing_agency_id=dossier.resolving_agency_id if origin is DocumentOrigin.RESULT else None,
                issued_on=issued_on,
                expires_on=expires_on,
                added_at=at,
            )
        )
