"""The append-only event log (nhật ký), its hash-chain seals and the outbox of notices waiting to be delivered."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, text_enum


class Event(Base):
    """What happened to a dossier, by whom and when; never updated, never deleted with its dossier.

    `dossier_id` (and `question_id`, for a public question) deliberately has no foreign key so that the trail
    outlives any clean-up.
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_dossier", "dossier_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    dossier_id: Mapped[int | None]
    dossier_code: Mapped[str] = mapped_column(String(40), default="")
    question_id: Mapped[int | None] = mapped_column(index=True)  # a public question's trail (hỏi đáp)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(255), default="")
    actor_role: Mapped[str] = mapped_column(String(32), default="")
    from_step: Mapped[str] = mapped_column(Text, default="")  # element ids, as long as a modeler makes them
    to_step: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class AuditSeal(Base):
    """One link of the hash chain over the event log, written after the event's step committed.

    `hash` covers the event's canonical JSON and `previous_hash`, the hash of the seal before it; append-only
    like the events, by database triggers.
    """

    __tablename__ = "audit_seals"

    event_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime]


class OutboxState(StrEnum):
    """Pending until claimed; sending while one process delivers it; then sent, or failed for good."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """A notice queued in the same transaction as the step that caused it, delivered later at most once."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(160), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[OutboxState] = mapped_column(text_enum(OutboxState), default=OutboxState.PENDING)
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime | None]
