"""The applicant's own use of their store: list it, hide or show a document again, and what it offers a draft."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.errors import N_, NotFound, Phrase
from engine.models import ApplicantDocument, ProcedureDocument, User
from engine.runtime import Runtime
from engine.uow import UnitOfWork

NOT_USABLE = N_("{label}: giấy tờ không còn dùng được từ kho dữ liệu (đã ẩn, hết hiệu lực hoặc không phải của bạn).")
NOT_THIS_DOCUMENT = N_("{label}: giấy tờ đã chọn trong kho dữ liệu không phải là giấy tờ này.")


def my_documents(session: Session, owner_id: int) -> list[ApplicantDocument]:
    """Everything in the store, newest first, hidden ones included (the page shows them apart)."""
    return list(
        session.scalars(
            select(ApplicantDocument)
            .where(ApplicantDocument.owner_id == owner_id)
            .order_by(ApplicantDocument.added_at.desc(), ApplicantDocument.id.desc())
        )
    )


def own_document(session: Session, document_id: int, owner_id: int) -> ApplicantDocument:
    """The owner's document; someone else's is as good as missing."""
    document = session.get(ApplicantDocument, document_id)
    if document is None or document.owner_id != owner_id:
        raise NotFound(what="giấy tờ trong kho dữ liệu")
    return document


def offers(
    session: Session, owner_id: int, documents: Iterable[ProcedureDocument], today: date
) -> dict[int, list[ApplicantDocument]]:
    """For each required document (by id) the stored ones that satisfy it and may be used today."""
    wanted = {d.id: d.key for d in documents if d.storable and d.key}
    if not wanted:
        return {}
    held = session.scalars(
        select(ApplicantDocument)
        .where(ApplicantDocument.owner_id == owner_id, ApplicantDocument.key.in_(set(wanted.values())))
        .order_by(ApplicantDocument.added_at.desc(), ApplicantDocument.id.desc())
    )
    usable = [d for d in held if d.usable_on(today)]
    found = {document_id: [d for d in usable if d.key == key] for document_id, key in wanted.items()}
    return {document_id: stored for document_id, stored in found.items() if stored}


def usable_problem(
    stored: ApplicantDocument | None, owner_id: int, document: ProcedureDocument, today: date
) -> Phrase | None:
    """Why the stored document cannot stand for the required one, or None: only the applicant's own, not hidden,
    not expired, and the same document."""
    label = document.name
    if stored is None or stored.owner_id != owner_id or not stored.usable_on(today):
        return Phrase.of(NOT_USABLE, label=label)
    if stored.key != document.key or not document.storable:
        return Phrase.of(NOT_THIS_DOCUMENT, label=label)
    return None


def set_hidden(runtime: Runtime, uow: UnitOfWork, *, document_id: int, actor_id: int, hidden: bool) -> None:
    """The owner hides a document from their store's offers (kept, never deleted), or shows it again."""
    with uow:
        session = uow.session
        document = own_document(session, document_id, actor_id)
        at = runtime.clock.now()
        if (document.hidden_at is not None) == hidden:
            return
        document.hidden_at = at if hidden else None
        record_event(
            session,
            "stored_document_hidden" if hidden else "stored_document_shown",
            at,
            actor=session.get(User, actor_id),
            after={"stored_document": document.id, "dossier": document.dossier_code},
        )
        uow.commit()
