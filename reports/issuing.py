"""Issuing an official document of a dossier: render it, store it with the dossier, record who issued it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.dossiers.access import visible_dossier
from engine.dossiers.attachments import attach_issued
from engine.errors import NotFound, StepNotAvailable
from engine.models import FilePurpose, IssuedDocument, User
from engine.runtime import Runtime
from engine.uow import UnitOfWork
from reports.documents import CONDITIONS, dossier_set, render_document


def issue_document(runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, kind: str, actor_id: int) -> int:
    """Issue one form of the dossier's set, when the dossier has reached it; returns the issued document's id."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None:
            raise NotFound(what="người dùng")
        dossier = visible_dossier(session, dossier_code, actor)
        document_set = dossier_set(dossier, runtime.tz)
        spec = document_set.spec(kind)
        if spec is None:
            raise NotFound(what=f"mẫu văn bản «{kind}» trong {document_set.circular}")
        if CONDITIONS[spec.when](session, dossier) is None:
            raise StepNotAvailable(dossier_code=dossier.code, action=f"cấp «{spec.title}»")
        at = runtime.clock.now()
        pdf = render_document(
            session, dossier, spec, at=at, actor=actor, tz=runtime.tz, public_url=runtime.settings.public_url
        )
        issued = attach_issued(
            session,
            runtime.files,
            dossier,
            kind=kind,
            document_set=document_set.key,
            content=pdf,
            filename=f"{kind}-{dossier.code}.pdf",
            purpose=FilePurpose.ISSUED_DOCUMENT,
            actor=actor,
            at=at,
        )
        session.flush()
        record_event(session, "document_issued", at, actor=actor, dossier=dossier, result=kind, reason=spec.title)
        uow.commit()
        return issued.id


def issued_documents(session: Session, dossier_id: int) -> list[IssuedDocument]:
    """Every issue of every document of the dossier, newest first."""
    return list(
        session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.dossier_id == dossier_id)
            .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
        )
    )
