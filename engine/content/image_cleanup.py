"""Removing inline images nobody shows (dọn ảnh không dùng): an image uploaded from the editor more than
`content_image_days` days ago (MOTCUA_CONTENT_IMAGE_DAYS, default 7) that no item version references, published or
not, current or old, a revision in progress or a consultation summary, is removed with an audit line. What any
version shows stays, so an archived version never loses an image."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import Column, Text, cast, exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from engine.audit import record_event
from engine.content.rich_text import IMAGE_PATH
from engine.models import Consultation, ContentEdit, ContentImage, ContentItem, ContentVersion, StoredFile
from engine.models.base import Base
from engine.runtime import Runtime

log = logging.getLogger(__name__)

BATCH = 200


def remove_unused_images(runtime: Runtime) -> dict[str, list[str]]:
    """Remove the old inline images that no version shows, each with its `content_image_removed` event; the bytes
    go from the store once the transaction committed (unless other rows use the same bytes). Returns their hashes."""
    at = runtime.clock.now()
    removed: list[str] = []
    with runtime.unit_of_work() as uow:
        session = uow.session
        old = at - timedelta(days=runtime.settings.content_image_days)
        candidates = session.scalars(
            select(ContentImage).where(ContentImage.uploaded_at < old).order_by(ContentImage.uploaded_at).limit(BATCH)
        )
        for image in list(candidates):
            if session.scalar(select(_shown(image.sha256))):
                continue
            session.delete(image)
            session.flush()
            shared = _used_elsewhere(session, image.sha256)  # the same bytes attached to an item or a dossier
            record_event(
                session,
                "content_image_removed",
                at,
                result="bytes_kept_for_other_rows" if shared else "removed",
                after={"content_image": image.sha256, "uploaded_at": image.uploaded_at.isoformat()},
            )
            if not shared:
                session.delete(session.get(StoredFile, image.sha256))
                removed.append(image.sha256)
        uow.commit()
    for sha256 in removed:
        runtime.files.path(sha256).unlink(missing_ok=True)
        log.info("content images: removed %s, which no version shows", sha256)
    return {"removed": removed}


def _shown(sha256: str) -> ColumnElement[bool]:
    """Whether any item's text, revision in progress, version or edit, or a consultation summary, shows the image."""
    pattern = f"%{IMAGE_PATH}{sha256}%"
    return (
        exists().where(ContentItem.body.like(pattern))
        | exists().where(cast(ContentItem.draft, Text).like(pattern))
        | exists().where(Consultation.summary.like(pattern))
        | exists().where(cast(ContentVersion.snapshot, Text).like(pattern))
        | exists().where(cast(ContentEdit.snapshot, Text).like(pattern))
    )


def _used_elsewhere(session: Session, sha256: str) -> bool:
    """Whether another row (a dossier's file, an item's attachment, ...) holds the same bytes."""
    return any(session.scalar(select(exists().where(column == sha256))) for column in _holders())


@cache
def _holders() -> tuple[Column[Any], ...]:
    """Every column that names a stored file, found once from the tables' foreign keys."""
    return tuple(
        column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if any(key.target_fullname == "stored_files.sha256" for key in column.foreign_keys)
    )
