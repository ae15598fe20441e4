"""Named domain errors with a stable code and a Vietnamese message; only webapp/ turns them into HTTP."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every rule the core refuses to break; `message` is formatted with the given details."""

    code = "domain_error"
    message = "Yêu cầu không hợp lệ."

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.message.format(**details))
