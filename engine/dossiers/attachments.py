"""Attaching generated files (issued documents, signed decisions) to a dossier, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.models import Dossier, DossierFile, FilePurpose, IssuedDocument, StoredFile, User
from engine.storage import FileStore

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
    """Store the PDF by content hash and record it as a file of the dossier and as an issued document."""
    sha256 = files.put(content)
    if session.get(StoredFile, sha256) is None:
        session.add(StoredFile(sha256=sha256, size=len(content), media_type=PDF, created_at=at))
    file = DossierFile(
        sha256=sha256, filename=filename, purpose=purpose, uploaded_by_id=actor.id if actor else None, uploaded_at=at
    )
    dossier.files.append(file)
    session.flush()
    issued = IssuedDocument(
        dossier_id=dossier.id,
        kind=kind,
        document_set=document_set,
        file_id=file.id,
        issued_at=at,
        issued_by_id=actor.id if actor else None,
        certificate_id=certificate_id,
    )
    session.add(issued)
    return issued
