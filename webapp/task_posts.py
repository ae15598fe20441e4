"""Completing a question's or a content item's open task from its posted form, as their staff pages both do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engine.errors import DomainError, InvalidData
from webapp.domain_errors import error_text, field_errors
from webapp.numbers import int_field


def complete_posted_task(
    complete: Callable[..., Any], rt: Any, task_id: int, data: dict[str, Any], done: str, inbox: str
) -> tuple[ResponseReturnValue | None, dict[str, str], int]:
    """Complete the task with the posted form at the version the page showed.

    Returns a redirect to the inbox (`done` flashed) when it went through, else no response with the field errors
    and the status to render the page again with (400 for bad fields, 409 for a refusal, flashed).
    """
    try:
        complete(
            rt,
            rt.unit_of_work(),
            task_id=task_id,
            actor_id=current_user.id,
            data=data,
            expected_version=int_field(request.form, "version", 0),
        )
    except InvalidData as invalid:
        return None, field_errors(invalid.errors), 400
    except DomainError as error:
        flash(error_text(error), "error")
        return None, {}, 409
    flash(done, "info")
    return redirect(url_for(inbox), 303), {}, 303
