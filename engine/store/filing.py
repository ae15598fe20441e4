"""What enters an applicant's store, inside the step that earns it: the files of an online dossier when it is
received (not while it is a draft), the results issued to them when returned."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.document_keys import result_key, result_title
from engine.models import ApplicantDocument, Channel, DocumentOrigin, Dossier, DossierFile, FilePurpose, Outcome

_APPLICANTS_OWN = {FilePurpose.SUBMITTED, FilePurpose.SUPPLEMENT}


def file_received(session: Session, dossier: Dossier, at: datetime) -> None:
    """The applicant's files of a received online dossier, each under the document it stands for."""
    if dossier.channel is not Channel.ONLINE or dossier.applicant_id is None:
        return
    files = [
        f
        for f in dossier.files
        if f.purpose in _APPLICANTS_OWN
        and f.document is not None
        and f.document.storable
        and f.store_document_id is None
    ]
    _add(session, dossier, at, [(f, f.document.key, f.document.name) for f in files], DocumentOrigin.SUBMITTED)


def file_results(session: Session, dossier: Dossier, at: datetime, issued_on: date) -> None:
    """The results returned to the applicant, as issued by the agency that resolved the dossier."""
    result = dossier.procedure_version.result
    if dossier.applicant_id is None or dossier.outcome is not Outcome.GRANTED or not result:
        return
    key, title = result_key(result), result_title(result)
    files = [(f, key, title) for f in dossier.files if f.purpose is FilePurpose.RESULT]
    _add(session, dossier, at, files, DocumentOrigin.RESULT, issued_on)


def _add(
    session: Session,
    dossier: Dossier,
    at: datetime,
    files: Iterable[tuple[DossierFile, str, str]],
    origin: DocumentOrigin,
    issued_on: date | None = None,
) -> None:
    """One row per new (key, content); what the store holds already, hidden or not, stays as its owner left it."""
    rows = session.execute(
        select(ApplicantDocument.key, ApplicantDocument.sha256).where(
            ApplicantDocument.owner_id == dossier.applicant_id
        )
    )
    held = {(key, sha256) for key, sha256 in rows}
    for file, key, title in files:
        if (key, file.sha256) in held:
            continue
        held.add((key, file.sha256))
        session.add(
            ApplicantDocument(
                owner_id=dossier.applicant_id,
                key=key,
                title=title,
                sha256=file.sha256,
                filename=file.filename,
                origin=origin,
                dossier_id=dossier.id,
                dossier_code=dossier.code,
                issuing_agency_id=dossier.resolving_agency_id if origin is DocumentOrigin.RESULT else None,
                issued_on=issued_on,
                added_at=at,
            )
        )
