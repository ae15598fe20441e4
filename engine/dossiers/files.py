"""Dossier files (tệp hồ sơ): scans checked by their content, stored once by hash, read only by who may see them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.errors import N_, NotFound
from engine.models import Dossier, DossierFile, FilePurpose, StoredFile, User
from engine.people.permissions import may_see_dossier
from engine.storage import FileStore
from engine.text import nfc
from engine.uploads import MAX_UPLOAD_BYTES, Upload, sniff


def check_uploads(uploads: list[Upload], document_ids: set[int], field: str = "file") -> dict[str, str]:
    """{field: message} for every upload that is empty, too large, of a refused type or of a foreign document.

    A document's file is reported under `<field>-<document id>`, the name of its input on the page.
    """
    errors: dict[str, str] = {}
    for upload in uploads:
        name = f"{field}-{upload.document_id}" if upload.document_id else field
        if upload.document_id is not None and upload.document_id not in document_ids:
            errors[name] = N_("Tệp đính kèm: giấy tờ không thuộc thủ tục này.")
        elif not upload.content:
            errors[name] = N_("Tệp đính kèm: tệp rỗng.")
        elif len(upload.content) > MAX_UPLOAD_BYTES:
            errors[name] = N_("Tệp đính kèm: tệp lớn hơn 10 MB.")
        elif sniff(upload.content) is None:
            errors[name] = N_("Tệp đính kèm: chỉ nhận tệp PDF, JPEG hoặc PNG.")
    return errors


def attach(
    session: Session,
    store: FileStore,
    dossier: Dossier,
    uploads: list[Upload],
    purpose: FilePurpose,
    actor: User,
    at: datetime,
) -> list[DossierFile]:
    """Store checked uploads by hash (once per content) and attach them to the dossier."""
    attached = []
    for upload in uploads:
        sha256 = store.put(upload.content)
        if session.get(StoredFile, sha256) is None:
            session.add(
                StoredFile(sha256=sha256, size=len(upload.content), media_type=sniff(upload.content), created_at=at)
            )
        attached.append(
            DossierFile(
                document_id=upload.document_id,
                sha256=sha256,
                filename=_safe_name(upload.filename),
                purpose=purpose,
                uploaded_by_id=actor.id,
                uploaded_at=at,
            )
        )
    dossier.files.extend(attached)
    return attached


def _safe_name(filename: str) -> str:
    """The file's own name without any folder, in NFC, as shown and offered on download."""
    name = nfc(filename.replace("\\", "/").rsplit("/", 1)[-1].strip())
    return name[:255] or "tep"


def readable_file(session: Session, file_id: int, user: User) -> DossierFile:
    """A dossier file for a person who may see its dossier; anyone else learns nothing about it."""
    found = session.get(DossierFile, file_id)
    if found is None or not may_see_dossier(session, user, found.dossier):
        raise NotFound(what=N_("tệp"))
    return found
