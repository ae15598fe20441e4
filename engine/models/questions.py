"""Public questions (hỏi đáp): what people ask, where the editor routed it, the answer and its deadline."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import StoredFile
from engine.models.organisation import Agency
from engine.models.workflow import WorkflowInstance


class QuestionStatus(StrEnum):
    """Where a question stands, as the asker's tracking page and the staff inbox show it."""

    SUBMITTED = "submitted"  # waiting for the editor to classify it
    ROUTED = "routed"  # at the answering agency
    INTERIM_REPLIED = "interim_replied"  # the agency explained the process and promised a date
    IN_REVIEW = "in_review"  # the agency answered; the editor reviews the answer
    ANSWERED = "answered"  # the answer went to the asker
    PUBLISHED = "published"  # answered, and published (anonymised) as of general interest
    REFUSED = "refused"  # a complaint or denunciation: the asker was told where to go
    OUT_OF_SCOPE = "out_of_scope"  # outside the agencies' scope: the asker was told at once


class QuestionSource(StrEnum):
    """Where the question was asked: the province's portal, or the national one (handed on with its own id)."""

    PROVINCE = "province"
    NATIONAL = "national"


class QuestionTopic(Base):
    """A topic (lĩnh vực) people ask about; seeded from data, editable later."""

    __tablename__ = "question_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Question(Base):
    """One question and its answer; `version` guards every step like a dossier's, `instance` runs the diagram."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_public", "status", "published_at"),
        Index("ix_questions_open_due", "closed_at", "due_at"),
        Index("uq_questions_national_id", "national_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[QuestionStatus] = mapped_column(text_enum(QuestionStatus), index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("workflow_instances.id"), unique=True)
    source: Mapped[QuestionSource] = mapped_column(text_enum(QuestionSource), default=QuestionSource.PROVINCE)
    national_id: Mapped[str | None] = mapped_column(String(40))  # HOIDAPID at the national portal
    asker_name: Mapped[str] = mapped_column(String(255))
    asker_email: Mapped[str] = mapped_column(String(255), default="")
    asker_phone: Mapped[str] = mapped_column(String(32), default="")
    asker_address: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("question_topics.id"), index=True)
    requested_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # as the asker chose
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)  # answers, once routed
    attachment_sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_files.sha256"))
    attachment_name: Mapped[str] = mapped_column(String(255), default="")
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    due_at: Mapped[datetime]
    routed_at: Mapped[datetime | None]
    reply: Mapped[str] = mapped_column(Text, default="")  # to the asker when refused or out of scope
    interim_reply: Mapped[str] = mapped_column(Text, default="")
    interim_promised_at: Mapped[datetime | None]
    interim_replied_at: Mapped[datetime | None]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]  # when the agency gave the answer the editor accepted
    closed_at: Mapped[datetime | None]
    public_title: Mapped[str] = mapped_column(String(255), default="")
    public_question: Mapped[str] = mapped_column(Text, default="")
    public_answer: Mapped[str] = mapped_column(Text, default="")
    public_folded: Mapped[str] = mapped_column(Text, default="")  # folded text of what is published, for search
    published_at: Mapped[datetime | None]
    due_soon_flagged_at: Mapped[datetime | None]
    overdue_flagged_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    topic: Mapped[QuestionTopic | None] = relationship(lazy="joined")
    requested_agency: Mapped[Agency | None] = relationship(foreign_keys=[requested_agency_id], lazy="joined")
    agency: Mapped[Agency | None] = relationship(foreign_keys=[agency_id], lazy="joined")
    attachment: Mapped[StoredFile | None] = relationship(lazy="joined")
    instance: Mapped[WorkflowInstance | None] = relationship()
