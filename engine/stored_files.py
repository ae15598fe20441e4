"""The stored-file row behind each blob of the file store (`engine.storage`): written once per content hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.db import upsert
from engine.models import StoredFile
from engine.storage import FileStore


def keep_bytes(session: Session, files: FileStore, content: bytes, media_type: str, at: datetime) -> str:
    """Store the bytes (once) and their row, in one statement that leaves a row already there as it is; returns the
    hash. The row is written at once, without flushing the session: the rows naming it may follow in any flush."""
    sha256 = files.put(content)
    session.execute(
        upsert(session)(StoredFile.__table__)
        .values(sha256=sha256, size=len(content), media_type=media_type, created_at=at)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    return sha256
