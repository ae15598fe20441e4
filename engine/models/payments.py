"""Fees paid for a dossier (phí, lệ phí): online through a payment gateway or at the counter, and refunds."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import Channel, Dossier


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"


class PaymentMethod(StrEnum):
    """How a fee recorded by the clerk was paid: at the counter, by bank transfer or at the post office."""

    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"  # chuyển khoản: the transfer's reference number
    POST_OFFICE = "post_office"  # nộp qua bưu điện: the post office's receipt number


class Payment(Base):
    """One payment of a dossier's fees; `reference` is the order number the gateway sees."""

    __tablename__ = "payments"
    # A receipt or transfer number is recorded once per method: the same slip twice is a mistake or a fraud.
    __table_args__ = (Index("uq_payments_method_receipt", "method", "receipt_number", unique=True),)

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
    method: Mapped[PaymentMethod | None] = mapped_column(text_enum(PaymentMethod))  # None: through the gateway
    receipt_number: Mapped[str | None] = mapped_column(String(80))
    paid_on: Mapped[date | None]  # the day on the bank's or post office's slip

    dossier: Mapped[Dossier] = relationship()


class DifferenceKind(StrEnum):
    """What a reconciliation (đối soát) found between the gateway's day and what was recorded here."""

    MISSING_HERE = "missing_here"  # the gateway took money for an order this system has not recorded as paid
    MISSING_THERE = "missing_there"  # recorded as paid online, unknown to the gateway
    AMOUNT_DIFFERS = "amount_differs"
    STATE_DIFFERS = "state_differs"


class PaymentDifference(Base):
    """One difference found by the daily reconciliation, listed for the finance officer until resolved."""

    __tablename__ = "payment_differences"
    __table_args__ = (UniqueConstraint("day", "kind", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[DifferenceKind] = mapped_column(text_enum(DifferenceKind))
    reference: Mapped[str] = mapped_column(String(40))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"))
    gateway_transaction: Mapped[str] = mapped_column(String(80), default="")
    recorded_amount_vnd: Mapped[int | None]
    gateway_amount_vnd: Mapped[int | None]
    recorded_state: Mapped[str] = mapped_column(String(32), default="")
    gateway_state: Mapped[str] = mapped_column(String(32), default="")
    found_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    payment: Mapped[Payment | None] = relationship()
