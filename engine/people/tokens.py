"""Signed, expiring tokens for the links mailed to applicants (email verification, password reset).

The expiry is inside the signed payload and checked against the injected clock, never the real one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from engine.errors import DomainError


class TokenInvalid(DomainError):
    """The link was altered, belongs to another purpose, has expired or was already used."""

    code = "token_invalid"
    message = "Liên kết không hợp lệ hoặc đã hết hạn."


def make_token(secret: str, purpose: str, payload: dict[str, Any], expires: datetime) -> str:
    serializer = URLSafeSerializer(secret, salt=f"motcua.{purpose}")
    return serializer.dumps({**payload, "exp": int(expires.timestamp())})


def read_token(secret: str, purpose: str, token: str, now: datetime) -> dict[str, Any]:
    """The payload of a genuine token for this purpose that has not expired at `now`."""
    serializer = URLSafeSerializer(secret, salt=f"motcua.{purpose}")
    try:
        payload = serializer.loads(token)
    except BadSignature:
        raise TokenInvalid() from None
    if not isinstance(payload, dict) or not isinstance(payload.get("exp"), int) or payload["exp"] <= now.timestamp():
        raise TokenInvalid()
    return payload
