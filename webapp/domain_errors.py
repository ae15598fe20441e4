"""Domain errors in the reader's language: the core's Vietnamese texts are msgids translated here."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from engine.errors import DomainError, InvalidData, Phrase


def error_text(error: DomainError) -> str:
    """The error's message translated, with its fixed phrases translated too."""
    if isinstance(error, InvalidData):
        details: dict[str, Any] = {"summary": " ".join(field_errors(error.errors).values())}
    else:
        details = {key: _translated(value) for key, value in error.details.items()}
    return gettext(error.message).format(**details)


def field_errors(errors: dict[str, str]) -> dict[str, str]:
    """Each field's message translated (messages built from a form's titles stay as they are)."""
    return {field: _translated(message) for field, message in errors.items()}


def _translated(value: Any) -> Any:
    """A fixed phrase translated; a filled-in Phrase translated as its template, then filled with its details
    translated the same way; anything else as it is (gettext("") would answer the catalog's header)."""
    if isinstance(value, Phrase):
        return gettext(value.template).format(**{key: _translated(v) for key, v in value.details.items()})
    return gettext(value) if isinstance(value, str) and value else value
