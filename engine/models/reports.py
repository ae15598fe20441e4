"""Periodic reports as they stood when their period closed (báo cáo định kỳ), kept unchanged afterwards."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base


class ReportSnapshot(Base):
    """The province's report of one closed month, quarter or year: its rows and total as plain values."""

    __tablename__ = "report_snapshots"
    __table_args__ = (UniqueConstraint("period_kind", "period_first"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(16))
    period_first: Mapped[date]
    period_last: Mapped[date]
    computed_at: Mapped[datetime]
    data: Mapped[dict[str, Any]]
