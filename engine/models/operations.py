"""Running the installation: the scheduler's lease and its job runs, the log of backups (nhật ký sao lưu) and the
incidents administrators record (sự cố)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, text_enum


class SchedulerLease(Base):
    """Who runs the scheduler's jobs now; another process takes over when `expires_at` passes unrenewed."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class BackupStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"


class BackupRecord(Base):
    """One backup written (or attempted): where, how big, its manifest's hash, and when retention removed it."""

    __tablename__ = "backups"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime]
    trigger: Mapped[str] = mapped_column(String(16))  # "scheduled" or "manual"
    status: Mapped[BackupStatus] = mapped_column(text_enum(BackupStatus))
    path: Mapped[str] = mapped_column(Text, default="")
    database: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(default=0)
    file_count: Mapped[int] = mapped_column(default=0)
    manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    removed_at: Mapped[datetime | None]


class JobOutcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


class JobRun(Base):
    """One run of a scheduler job: when, by which lease holder, and what it did (its counts) or why it failed; a run
    still `running` long after it started belongs to a process that stopped."""

    __tablename__ = "job_runs"
    __table_args__ = (
        Index("ix_job_runs_job_started_at", "job", "started_at"),
        Index("ix_job_runs_outcome_started_at", "outcome", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    holder: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    outcome: Mapped[JobOutcome] = mapped_column(text_enum(JobOutcome), default=JobOutcome.RUNNING)
    counts: Mapped[dict[str, Any] | None]
    error: Mapped[str] = mapped_column(Text, default="")


class Incident(Base):
    """An incident (sự cố) as an administrator reports it: when it began, what happened, its impact, what was done,
    and when it was closed."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(String(255))
    impact: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
