"""The optional attachment of a question: its type told by its content, its size limited, stored by hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.errors import InvalidData
from engine.models import StoredFile
from engine.storage import FileStore
from engine.uploads import Upload, sniff

MAX_BYTES = 5 * 1024 * 1024
ACCEPTED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def store_attachment(session: Session, files: FileStore, upload: Upload, at: datetime) -> StoredFile:
    """Check and keep the file once; a file whose bytes are not a PDF, JPEG or PNG is refused, whatever its name."""
    if not upload.content:
        raise InvalidData({"attachment": "Tệp đính kèm: tệp rỗng."})
    if len(upload.content) > MAX_BYTES:
        raise InvalidData({"attachment": f"Tệp đính kèm: tối đa {MAX_BYTES // (1024 * 1024)} MB."})
    kind = sniff(upload.content)
    if kind not in ACCEPTED:
        raise InvalidData({"attachment": "Tệp đính kèm: chỉ nhận tệp PDF, JPEG hoặc PNG."})
    sha256 = files.put(upload.content)
    stored = session.get(StoredFile, sha256)
    if stored is None:
        stored = StoredFile(sha256=sha256, size=len(upload.content), media_type=kind, created_at=at)
        session.add(stored)
    return stored
