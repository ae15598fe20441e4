"""Systems that call the REST API (hệ thống kết nối): a hashed key, the agencies and operations it may use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base
from engine.models.people import User


class ApiClient(Base):
    """One calling system; it acts through its own staff account (`user`), which holds its agencies' roles."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(16), unique=True)  # the key's public part, to find its row
    key_hash: Mapped[str] = mapped_column(String(255))  # argon2 of the whole key; the key itself is never kept
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list)  # agency codes
    operations: Mapped[list[str]] = mapped_column(JSON, default=list)  # `engine.api_clients.scopes.Operation`
    rate_limit: Mapped[str] = mapped_column(String(40))  # a Flask-Limiter limit, e.g. "60/minute"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class IdempotencyKey(Base):
    """A creating call's `Idempotency-Key`, per client: the request's fingerprint and, once answered, the answer
    to replay. A row without a status is a call still running."""

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (UniqueConstraint("client_id", "key", name="uq_api_idempotency_keys_client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_clients.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of method, path and body
    status: Mapped[int | None]
    content_type: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(index=True)
