"""Running the installation: the scheduler's lease and the log of backups (nhật ký sao lưu)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
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
