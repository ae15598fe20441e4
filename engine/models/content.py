"""Portal content (tin bài, văn bản): items of several types, the editorial board's work on them, their files and
the versions kept of what was published. Nothing here is ever deleted; unpublishing keeps the record."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import StoredFile
from engine.models.organisation import Agency
from engine.models.people import User
from engine.models.workflow import WorkflowInstance


class ContentType(StrEnum):
    """What an item is; each type has its own fields, feed and publishing deadline."""

    NEWS = "news"  # tin tức, sự kiện
    URGENT = "urgent"  # thông báo khẩn
    DIRECTION = "direction"  # thông tin chỉ đạo, điều hành
    INTRODUCTION = "introduction"  # trang giới thiệu
    LEGAL = "legal"  # văn bản quy phạm pháp luật, văn bản chỉ đạo
    PLANNING = "planning"  # quy hoạch, kế hoạch
    CONSULTATION = "consultation"  # lấy ý kiến dự thảo văn bản
    SCHEDULE = "schedule"  # lịch công tác của lãnh đạo
    BUDGET = "budget"  # công khai ngân sách
    PRICES = "prices"  # giá, phí, lệ phí
    INVESTMENT = "investment"  # dự án đầu tư
    PROCUREMENT = "procurement"  # thông báo mua sắm công, đấu thầu
    STATISTICS = "statistics"  # số liệu thống kê


class ContentStatus(StrEnum):
    """Where an item stands on the editorial board."""

    SUBMITTED = "submitted"  # at the editors
    IN_APPROVAL = "in_approval"  # at the editor-in-chief
    SENT_BACK = "sent_back"  # back at the contributor with a reason
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"  # taken down; the record and its versions stay


class LegalStatus(StrEnum):
    """Tình trạng hiệu lực of a legal document."""

    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPEALED = "repealed"


class ContentItem(Base):
    """One item of the portal; `version` guards every step as a dossier's does, `instance` runs the diagram."""

    __tablename__ = "content_items"
    __table_args__ = (
        Index("ix_content_items_public", "content_type", "status", "published_at"),
        Index("ix_content_items_open_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    content_type: Mapped[ContentType] = mapped_column(text_enum(ContentType))
    status: Mapped[ContentStatus] = mapped_column(text_enum(ContentStatus), index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("workflow_instances.id"), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)  # the contributing agency
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(255), default="")  # nguồn tin
    title: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255), default="")
    slug: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    folded: Mapped[str] = mapped_column(Text, default="")  # title, summary, text and legal fields without accents
    category: Mapped[str] = mapped_column(String(40), default="")  # news: activities, economy, ...
    featured: Mapped[bool] = mapped_column(default=False)
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the type's own fields (engine/content/type_fields)
    event_on: Mapped[date | None]  # the event (news) or the signing (legal, planning) the deadline runs from
    submitted_at: Mapped[datetime]
    due_at: Mapped[datetime | None]  # publish by then (working time); introduction pages have none
    published_at: Mapped[datetime | None]
    first_published_at: Mapped[datetime | None]
    unpublished_at: Mapped[datetime | None]
    late_flagged_at: Mapped[datetime | None]  # set once by the scheduler when the deadline passed unpublished
    sent_back_reason: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=0)  # how many versions were published
    updated_at: Mapped[datetime]
    # A revision of the published item on its way through the board: its values (the shape of a version's
    # snapshot) and where it stands; the public keeps seeing the columns above until it is approved.
    draft: Mapped[dict[str, Any] | None]
    draft_status: Mapped[ContentStatus | None] = mapped_column(text_enum(ContentStatus))

    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id], lazy="joined")
    instance: Mapped[WorkflowInstance | None] = relationship()
    legal: Mapped[LegalDocument | None] = relationship(back_populates="item", lazy="joined", uselist=False)
    consultation: Mapped[Consultation | None] = relationship(back_populates="item", lazy="joined", uselist=False)
    # a file dropped by an edit loses its link here; the versions still name it and the store keeps it
    files: Mapped[list[ContentFile]] = relationship(
        back_populates="item", lazy="selectin", order_by="ContentFile.id", cascade="all, delete-orphan"
    )


class LegalDocument(Base):
    """The fields of a legal document (văn bản pháp luật) beside its item: searchable one by one."""

    __tablename__ = "legal_documents"

    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), primary_key=True)
    number: Mapped[str] = mapped_column(String(80), index=True)  # số, ký hiệu: 12/2025/QĐ-UBND
    number_folded: Mapped[str] = mapped_column(String(80), index=True)
    document_type: Mapped[str] = mapped_column(String(40), index=True)  # nghị quyết, quyết định, ...
    issuer: Mapped[str] = mapped_column(String(255))  # cơ quan ban hành
    signer: Mapped[str] = mapped_column(String(255))
    issued_on: Mapped[date] = mapped_column(index=True)
    effective_on: Mapped[date | None]
    legal_status: Mapped[LegalStatus] = mapped_column(text_enum(LegalStatus))
    field: Mapped[str] = mapped_column(String(120), default="")  # lĩnh vực

    item: Mapped[ContentItem] = relationship(back_populates="legal")


class ContentFile(Base):
    """A file of an item: its image or an attachment (the signed text of a legal document), checked as uploads are."""

    __tablename__ = "content_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    added_at: Mapped[datetime]

    item: Mapped[ContentItem] = relationship(back_populates="files")
    stored: Mapped[StoredFile] = relationship(lazy="joined")


class ContentVersion(Base):
    """What was published, as it was published: one row per publication, never changed."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("item_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), index=True)
    revision: Mapped[int]
    published_at: Mapped[datetime]
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict[str, Any]]


class ContentEdit(Base):
    """One edit of an item's values by its contributor or the board, as it stood after the edit: never changed."""

    __tablename__ = "content_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), index=True)
    step: Mapped[str] = mapped_column(String(60))  # the task it was made in, or submitted / revision_submitted
    edited_at: Mapped[datetime]
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict[str, Any]]

    editor: Mapped[User | None] = relationship(lazy="joined")


class ContentImage(Base):
    """An inline image uploaded from the rich-text editor; removed some days later when no version shows it."""

    __tablename__ = "content_images"

    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), primary_key=True)
    uploaded_at: Mapped[datetime] = mapped_column(index=True)  # the last upload of these bytes
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CommentStatus(StrEnum):
    PENDING = "pending"  # waiting for moderation; private
    PUBLISHED = "published"
    REJECTED = "rejected"  # kept, never shown


class Consultation(Base):
    """A draft document put to public consultation: open until its closing day, then its drafting agency publishes
    the summary of the comments received and its answers."""

    __tablename__ = "consultations"

    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"), primary_key=True)
    closes_at: Mapped[datetime] = mapped_column(index=True)  # the end of the closing day
    summary_due_at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    summary_published_at: Mapped[datetime | None]
    summary_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary_late_flagged_at: Mapped[datetime | None]

    item: Mapped[ContentItem] = relationship(back_populates="consultation")


class ConsultationComment(Base):
    """One comment on a draft: name and contact required, private until a moderator publishes it."""

    __tablename__ = "consultation_comments"
    __table_args__ = (Index("ix_consultation_comments_item_status", "item_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id"))
    name: Mapped[str] = mapped_column(String(255))
    contact: Mapped[str] = mapped_column(String(255))  # email or phone; never published
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(text_enum(CommentStatus))
    submitted_at: Mapped[datetime]
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
