"""Inline images of portal content (ảnh trong bài): uploaded from the editor, checked as every upload is, kept by
content hash; public only while a published item's text shows them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from engine.content.permissions import contributing_agencies, on_the_board
from engine.content.rich_text import IMAGE_PATH, images
from engine.errors import N_, InvalidData, NotAllowed, Phrase
from engine.models import Consultation, ContentImage, ContentItem, ContentStatus, StoredFile, User
from engine.runtime import Runtime
from engine.uow import UnitOfWork
from engine.uploads import Upload, check_upload, keep

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT = 255
NOT_AN_IMAGE = N_("Ảnh: tệp «{name}» không phải ảnh JPEG hoặc PNG.")
ALT_REQUIRED = N_("Mô tả ảnh: bắt buộc nhập, tối đa 255 ký tự, để người không xem được ảnh vẫn hiểu nội dung.")
ALT_MISSING = N_("Mỗi ảnh trong nội dung phải có mô tả ảnh (văn bản thay thế).")


@dataclass(frozen=True)
class InlineImage:
    url: str
    alt: str


def upload_image(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, upload: Upload, alt: str) -> InlineImage:
    """A contributor or a board member's image for the text of an item: a JPEG or PNG within 5 MB that opens whole,
    with its alternative text; stored once by its hash, not public until a published item shows it, and on record
    (`content_images`) so that it is removed if no item ever shows it."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None or not (on_the_board(actor) or contributing_agencies(actor)):
            raise NotAllowed(action="tải ảnh lên cổng thông tin")
        alt = " ".join(alt.split())
        if not 1 <= len(alt) <= MAX_ALT:
            raise InvalidData({"alt": ALT_REQUIRED})
        checked = check_upload(upload, "image", N_("Ảnh"), MAX_IMAGE_BYTES)
        if not checked.media_type.startswith("image/"):
            raise InvalidData({"image": Phrase.of(NOT_AN_IMAGE, name=checked.filename)})
        at = runtime.clock.now()
        sha256 = keep(runtime.files, session, checked, at)
        image = session.get(ContentImage, sha256) or ContentImage(sha256=sha256)
        image.uploaded_at, image.uploaded_by_id = at, actor.id  # a new upload starts its days again
        session.add(image)
        uow.commit()
    return InlineImage(f"{IMAGE_PATH}{sha256}", alt)


def check_alternative_texts(html: str, field: str = "body") -> None:
    """Refuse sanitised text that shows one of the portal's images without saying what it shows."""
    if any(not alt for _sha256, alt in images(html)):
        raise InvalidData({field: ALT_MISSING})


def published_image(session: Session, sha256: str) -> StoredFile | None:
    """The stored image when the text (or the consultation summary) of a published item shows it."""
    shown = f"%{IMAGE_PATH}{sha256}%"
    published = exists().where(
        ContentItem.status == ContentStatus.PUBLISHED,
        or_(
            ContentItem.body.like(shown),
            exists().where(
                and_(
                    Consultation.item_id == ContentItem.id,
                    Consultation.summary_published_at.is_not(None),
                    Consultation.summary.like(shown),
                )
            ),
        ),
    )
    return session.scalar(select(StoredFile).where(StoredFile.sha256 == sha256, published))


def staff_image(session: Session, sha256: str, viewer: User) -> StoredFile | None:
    """The stored image for a contributor or a board member, who see images before they are published."""
    if not (on_the_board(viewer) or contributing_agencies(viewer)):
        return None
    stored = session.get(StoredFile, sha256)
    return stored if stored is not None and stored.media_type.startswith("image/") else None
