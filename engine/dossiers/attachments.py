"""Attaching generated files (issued documents, signed decisions) to a dossier, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from engine.models import Dossier, DossierFile, FilePurpose, IssuedDocument, User
from engine.storage import FileStore
from engine.stored_files import keep_bytes

PDF = "application/pdf"


def attach_issued(
    session: Session,
    files: FileStore,
    dossier: Dossier,
    *,
    kind: str,
    document_set: str,
    content: bytes,
    filename: str,
    purpose: FilePurpose,
    actor: User | None,
    at: datetime,
    certificate_id: int | None = None,
) -> IssuedDocument:
    """Store the PDF by content hash and record it as a file of the dossier and as an issued document; the two rows
    are written by the session's next flush. The dossier's list of files is not loaded for them, only kept true when
    loaded already."""
    file = DossierFile(
        dossier_id=dossier.id,
        sha256=keep_bytes(session, files, content, PDF, at),
        filename=filename,
        purpose=purpose,
        uploaded_by_id=actor.id if actor else None,
        uploaded_at=at,
    )
    issued = IssuedDocument(
        dossier_id=dossier.id,
        kind=kind,
        document_set=document_set,
        file=file,
        issued_at=at,
        issued_by_id=actor.id if actor else None,
        certificate_id=certificate_id,
    )
    session.add(issued)
    if "files" not in inspect(dossier).unloaded:
        dossier.files.append(file)
    return issued
