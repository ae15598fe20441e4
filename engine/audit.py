"""The one helper that appends to the event log; database triggers keep the log append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.models import Dossier, Event, Question, User

_INSERT = Event.__table__.insert()


def record_event(session: Session, action: str, at: datetime, **details: Any) -> Event:
    """Append one event (`action` is `subject_past_tense_verb`, e.g. `dossier_received`) with the session's next
    flush; `details` as `event_row` takes them."""
    entry = Event(**event_row(action, at, **details))
    session.add(entry)
    return entry


def append_event(session: Session, action: str, at: datetime, **details: Any) -> None:
    """Append one event now, in one INSERT outside the unit of work's flush: a step's own event, written after the
    step's one flush has given its subject an id."""
    session.execute(_INSERT, event_row(action, at, **details))


def event_row(
    action: str,
    at: datetime,
    *,
    actor: User | None = None,
    actor_role: str = "",
    dossier: Dossier | None = None,
    question: Question | None = None,
    from_step: str = "",
    to_step: str = "",
    result: str = "",
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The columns of one event: who, what, on which dossier or question, from which step to which."""
    return {
        "at": at,
        "action": action,
        "dossier_id": dossier.id if dossier else None,
        "dossier_code": dossier.code if dossier else "",
        "question_id": question.id if question else None,
        "actor_id": actor.id if actor else None,
        "actor_name": actor.full_name if actor else "",
        "actor_role": actor_role,
        "from_step": from_step,
        "to_step": to_step,
        "result": result,
        "reason": reason,
        "before": before,
        "after": after,
    }
