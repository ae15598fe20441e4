"""Dossier files (tệp hồ sơ): scans checked by their content, stored once by hash, read only by who may see them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.errors import N_, InvalidData, NotFound
from engine.models import Dossier, DossierFile, FilePurpose, User
from engine.people.permissions import may_see_dossier
from engine.storage import FileStore
from engine.uploads import CheckedFile, Upload, check_upload, keep


def check_uploads(
    uploads: list[Upload], documents: dict[int, str], field: str = "file"
) -> tuple[list[CheckedFile], dict[str, str]]:
    """The uploads checked (`engine.uploads.check_upload`), and {field: message} for every refused one.

    `documents` names the procedure's documents by id; a document's file is reported under `<field>-<document id>`,
    the name of its input on the page, and its refusal is headed by the document's name.
    """
    checked, errors = [], {}
    for upload in uploads:
        name = f"{field}-{upload.document_id}" if upload.document_id else field
        if upload.document_id is not None and upload.document_id not in documents:
            errors[name] = N_("Tệp đính kèm: giấy tờ không thuộc thủ tục này.")
            continue
        try:
            checked.append(check_upload(upload, name, documents.get(upload.document_id or 0, N_("Tệp đính kèm"))))
        except InvalidData as invalid:
            errors |= invalid.errors
    return checked, errors


def attach(
    session: Session,
    store: FileStore,
    dossier: Dossier,
    files: list[CheckedFile],
    purpose: FilePurpose,
    actor: User,
    at: datetime,
) -> list[DossierFile]:
    """Store checked files by hash (once per content) and attach them to the dossier."""
    attached = [
        DossierFile(
            document_id=file.document_id,
            sha256=keep(store, session, file, at),
            filename=file.filename,
            purpose=purpose,
            uploaded_by_id=actor.id,
            uploaded_at=at,
        )
        for file in files
    ]
    dossier.files.extend(attached)
    return attached


def readable_file(session: Session, file_id: int, user: User) -> DossierFile:
    """A dossier file for a person who may see its dossier; anyone else learns nothing about it."""
    found = session.get(DossierFile, file_id)
    if found is None or not may_see_dossier(session, user, found.dossier):
        raise NotFound(what=N_("tệp"))
    return found
