"""What the Q&A pages read: the staff inbox of open question tasks, a question's page, the published list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from engine.dossiers.task_view import HistoryEntry, history_of
from engine.errors import NotAllowed, NotFound
from engine.models import (
    Agency,
    Event,
    Question,
    QuestionSource,
    QuestionStatus,
    QuestionTopic,
    Role,
    TaskRow,
    TaskState,
    User,
)
from engine.questions.permissions import ANSWERING_ROLES, may_see, may_take
from engine.text import fold

PAGE_SIZE = 20


@dataclass(frozen=True)
class QuestionTask:
    """One open question task as the inbox lists it."""

    task_id: int
    title: str
    code: str
    question: str
    agency: str
    agency_en: str
    submitted_at: datetime
    due_at: datetime
    overdue: bool
    due_soon: bool
    source: QuestionSource


def question_inbox(session: Session, user: User, now: datetime, soon: datetime) -> list[QuestionTask]:
    """Open question tasks of the user's roles and units (editors: classify and review; agencies: answer)."""
    mine = [
        and_(TaskRow.role == a.role, TaskRow.agency_id == a.agency_id) for a in user.roles if a.role is Role.QA_EDITOR
    ]
    mine += [
        and_(TaskRow.role == Role.SPECIALIST, TaskRow.agency_id == a.agency_id)
        for a in user.roles
        if a.role in ANSWERING_ROLES
    ]
    if not mine:
        return []
    rows = session.execute(
        select(
            TaskRow.id,
            TaskRow.title,
            Question.code,
            Question.title,
            Agency.name,
            Agency.name_en,
            Question.submitted_at,
            Question.due_at,
            Question.source,
        )
        .join(Question, Question.instance_id == TaskRow.instance_id)
        .outerjoin(Agency, Agency.id == Question.agency_id)
        .where(TaskRow.state == TaskState.OPEN, or_(*mine))
        .order_by(Question.due_at, TaskRow.id)
    ).all()
    return [
        QuestionTask(
            *row[:4], row[4] or "", row[5] or "", *row[6:8], row.due_at < now, now <= row.due_at < soon, row.source
        )
        for row in rows
    ]


@dataclass(frozen=True)
class QuestionView:
    question: Question
    task: TaskRow | None
    may_complete: bool
    history: list[HistoryEntry]


def question_view(session: Session, code: str, user: User) -> QuestionView:
    """A question with its open task, for who works it, the editors and supervisors."""
    question = session.scalar(select(Question).where(Question.code == code))
    if question is None:
        raise NotFound(what=f"câu hỏi {code}")
    task = session.scalar(
        select(TaskRow).where(TaskRow.instance_id == question.instance_id, TaskRow.state == TaskState.OPEN).limit(1)
    )
    editor_or_supervisor = any(a.role in (Role.QA_EDITOR, Role.SUPERVISOR) for a in user.roles)
    if not (editor_or_supervisor or (task is not None and may_see(user, task)) or _answered_by(user, question)):
        raise NotAllowed(action="xem câu hỏi này")
    events = session.scalars(select(Event).where(Event.question_id == question.id).order_by(Event.at, Event.id))
    rows = list(session.scalars(select(TaskRow).where(TaskRow.instance_id == question.instance_id)))
    return QuestionView(question, task, task is not None and may_take(user, task), history_of(events, rows))


def _answered_by(user: User, question: Question) -> bool:
    return question.agency_id is not None and any(
        a.role in ANSWERING_ROLES and a.agency_id == question.agency_id for a in user.roles
    )


def track(session: Session, code: str) -> Question:
    """The question behind a tracking code (codes are random, so knowing one is what proves it is yours)."""
    question = session.scalar(select(Question).where(Question.code == code.strip().upper()))
    if question is None:
        raise NotFound(what=f"câu hỏi có mã {code.strip()[:20]}")
    return question


@dataclass(frozen=True)
class PublishedFilter:
    search: str = ""
    topic: str = ""
    agency: str = ""
    page: int = 1


@dataclass(frozen=True)
class PublishedPage:
    questions: list[Question]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def published(session: Session, where: PublishedFilter) -> PublishedPage:
    """Published questions and answers, newest first; the search ignores accents and case."""
    query = _published_where(select(Question), where)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, where.page)
    rows = session.scalars(
        query.order_by(Question.published_at.desc(), Question.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return PublishedPage(list(rows), total, page)


def _published_where(query: Select, where: PublishedFilter) -> Select:
    query = query.where(Question.status == QuestionStatus.PUBLISHED)
    for word in fold(where.search).split()[:8]:
        query = query.where(Question.public_folded.contains(word, autoescape=True))
    if where.topic:
        query = query.where(Question.topic_id.in_(select(QuestionTopic.id).where(QuestionTopic.code == where.topic)))
    if where.agency:
        query = query.where(Question.agency_id.in_(select(Agency.id).where(Agency.code == where.agency)))
    return query


def published_one(session: Session, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None or question.status is not QuestionStatus.PUBLISHED:
        raise NotFound(what="câu hỏi đã công khai này")
    return question


def answering_agencies(session: Session) -> list[Agency]:
    """Agencies a question may be routed to: every agency, provincial ones before communes, by name."""
    return list(session.scalars(select(Agency).order_by(Agency.tier.desc(), Agency.name)))
