"""Q&A report (hỏi đáp): per agency and period, received, answered on time and late, open on time and overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from engine.models import Agency, Question, QuestionStatus


@dataclass(frozen=True)
class QuestionCounts:
    """One agency's line; `agency_code` is empty for questions not routed to an agency (still with the editor)."""

    agency_code: str
    agency_name: str
    received: int
    answered_on_time: int
    answered_late: int
    open_on_time: int
    open_overdue: int
    declined: int  # refused as complaints or denunciations, or out of scope
    agency_name_en: str = ""


def question_report(session: Session, start: datetime, end: datetime, now: datetime) -> list[QuestionCounts]:
    """Questions received in [start, end), by the agency answering them, as they stand at `now`."""
    declined = Question.status.in_((QuestionStatus.REFUSED, QuestionStatus.OUT_OF_SCOPE))
    answered = Question.answered_at.is_not(None)
    waiting = and_(~declined, ~answered)

    def count(condition: object) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = session.execute(
        select(
            func.coalesce(Agency.code, ""),
            func.coalesce(Agency.name, ""),
            func.count(Question.id),
            count(and_(answered, Question.answered_at <= Question.due_at)),
            count(and_(answered, Question.answered_at > Question.due_at)),
            count(and_(waiting, Question.due_at >= now)),
            count(and_(waiting, Question.due_at < now)),
            count(declined),
            func.coalesce(Agency.name_en, ""),
        )
        .outerjoin(Agency, Agency.id == Question.agency_id)
        .where(Question.submitted_at >= start, Question.submitted_at < end)
        .group_by(Agency.code, Agency.name, Agency.name_en)
        .order_by(func.coalesce(Agency.name, ""))
    ).all()
    return [QuestionCounts(*row) for row in rows]


def totals(lines: list[QuestionCounts]) -> QuestionCounts:
    """The sum of every line, for the report's last row."""
    counted = list(QuestionCounts.__dataclass_fields__)[2:-1]
    return QuestionCounts("", "", *(sum(getattr(line, name) for line in lines) for name in counted))
