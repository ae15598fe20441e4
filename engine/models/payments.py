"""Fees paid for a dossier (phí, lệ phí): online through a payment gateway or at the counter, and refunds."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import Channel, Dossier


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"


class Payment(Base):
    """One payment of a dossier's fees; `reference` is the order number the gateway sees."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    amount_vnd: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    channel: Mapped[Channel] = mapped_column(text_enum(Channel))
    state: Mapped[PaymentState] = mapped_column(text_enum(PaymentState))
    gateway_reference: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refunded_at: Mapped[datetime | None]
    refunded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refund_reason: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship()
