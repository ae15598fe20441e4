"""Calendar overrides recorded by an administrator; they win over the public-holiday table."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base
from sla.calendar import CalendarOverride


class CalendarOverrideRow(Base):
    """An extra day off, a province's own closure, or a make-up working day (ngày làm bù)."""

    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    working: Mapped[bool]
    note: Mapped[str] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    def to_override(self) -> CalendarOverride:
        return CalendarOverride(day=self.day, working=self.working, note=self.note)


class CalendarConfirmation(Base):
    """A year whose public holidays an administrator checked against the government's announcement: its days are
    no longer shown as estimated."""

    __tablename__ = "calendar_confirmations"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(String(255))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime]
