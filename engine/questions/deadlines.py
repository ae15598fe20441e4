"""The scheduler's Q&A job: flag questions near and past their answer deadline; editors and leaders hear once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.models import Question, Role
from engine.questions.notices import question_notice, staff_emails
from engine.runtime import Runtime


def flag_question_deadlines(runtime: Runtime) -> dict[str, list[str]]:
    """Mark open questions due within the last working days, or overdue, once each; returns the codes flagged."""
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        session = uow.session
        calendar = runtime.calendar(session)
        soon = calendar.add_working_days(now, runtime.settings.question_due_soon_days)
        open_questions = (Question.closed_at.is_(None), Question.answered_at.is_(None))
        overdue = _flag(session, Question.overdue_flagged_at, now, *open_questions, Question.due_at < now)
        due_soon = _flag(
            session, Question.due_soon_flagged_at, now, *open_questions, Question.due_at >= now, Question.due_at < soon
        )
        editors = staff_emails(session, Role.QA_EDITOR)
        for kind, ids in (("question_overdue", overdue), ("question_due_soon", due_soon)):
            for question in session.scalars(select(Question).where(Question.id.in_(ids)).order_by(Question.id)):
                leaders = staff_emails(session, Role.AGENCY_LEADER, question.agency_id) if question.agency_id else []
                due = calendar.local(question.due_at).strftime("%H:%M ngày %d/%m/%Y")
                for recipient in sorted({*editors, *leaders}):
                    session.add(question_notice(question, kind, recipient, now, due=due))
        flagged = {
            "overdue": list(session.scalars(select(Question.code).where(Question.id.in_(overdue)))),
            "due_soon": list(session.scalars(select(Question.code).where(Question.id.in_(due_soon)))),
        }
        uow.commit()
    return flagged


def _flag(session: Session, column: Any, now: datetime, *conditions: Any) -> list[int]:
    """Set the flag on every matching question still unflagged, in one UPDATE; the ids it set."""
    return list(
        session.scalars(
            update(Question).where(column.is_(None), *conditions).values({column: now}).returning(Question.id)
        )
    )
