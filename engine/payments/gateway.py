"""The payment gateway protocol (cổng thanh toán): parameters signed with HMAC-SHA256 over a shared secret.

The merchant (this system) sends the applicant to the gateway with a signed order; the gateway calls back
server to server with a signed result, and sends the applicant back with the same signed result. Both
sides sign the same way: every parameter except the signature, sorted by name, URL-encoded, joined by `&`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import urlencode

SIGNATURE = "signature"
SUCCESS = "00"  # the gateway's response code for a completed payment
CANCELLED = "24"  # the payer cancelled at the gateway

# What the gateway sends in its result, all of which the signature covers.
RESULT_FIELDS = ("merchant", "reference", "order", "amount", "currency", "transaction", "response_code", "paid_at")
ORDER_FIELDS = ("merchant", "reference", "order", "amount", "currency", "description", "return_url", "notify_url")


def canonical(params: Mapping[str, str]) -> str:
    return urlencode(sorted((k, v) for k, v in params.items() if k != SIGNATURE))


def sign(params: Mapping[str, str], secret: str) -> dict[str, str]:
    """The parameters with their signature added."""
    digest = hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha256).hexdigest()
    return {**params, SIGNATURE: digest}


def verified(params: Mapping[str, str], secret: str, fields: tuple[str, ...]) -> dict[str, str] | None:
    """The expected fields when all are present and the signature matches them exactly; None otherwise."""
    if not secret or any(name not in params for name in fields) or set(params) - {*fields, SIGNATURE}:
        return None
    values = {name: params[name] for name in fields}
    expected = sign(values, secret)[SIGNATURE]
    return values if hmac.compare_digest(expected, params.get(SIGNATURE, "")) else None
