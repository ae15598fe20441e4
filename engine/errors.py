"""Named domain errors with a stable code and a Vietnamese message; only webapp/ turns them into HTTP.

Messages and the fixed phrases passed as details are marked with `N_` so that webapp/ can extract and
translate them into the reader's language (the core stays free of Flask and of any locale).
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Mark Vietnamese text for translation where it is shown; returns it unchanged."""
    return text


class Phrase(str):
    """A Vietnamese message filled in with details, which remembers its template and details so that webapp/ can say
    it in the reader's language; everywhere else it is the plain Vietnamese text."""

    template: str
    details: dict[str, Any]

    @classmethod
    def of(cls, template: str, **details: Any) -> Phrase:
        phrase = cls(template.format(**details))
        phrase.template, phrase.details = template, details
        return phrase


class DomainError(Exception):
    """Base of every rule the core refuses to break; `message` is formatted with the given details."""

    code = "domain_error"
    message = N_("Yêu cầu không hợp lệ.")

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.message.format(**details))


class NotFound(DomainError):
    code = "not_found"
    message = N_("Không tìm thấy {what}.")


class NotAllowed(DomainError):
    """The person may not take this step (wrong role, agency, department or applicant)."""

    code = "not_allowed"
    message = N_("Bạn không có quyền {action}.")


class Conflict(DomainError):
    """Somebody else changed the dossier since the page was loaded; nothing was written."""

    code = "conflict"
    message = N_("Hồ sơ {dossier_code} vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.")


class InvalidData(DomainError):
    """Input that breaks a rule; `errors` maps each field to its Vietnamese message."""

    code = "invalid_data"
    message = N_("Dữ liệu chưa hợp lệ: {summary}")

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(summary=" ".join(errors.values()))


class StepNotAvailable(DomainError):
    """The diagram does not offer this step now (already done, or not reached yet)."""

    code = "step_not_available"
    message = N_("Hồ sơ {dossier_code} hiện không thể {action}.")
