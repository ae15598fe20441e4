"""What a question becomes when its diagram passes an element with a behaviour (status, moments, notices)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.models import Agency, QuestionStatus, QuestionTopic, Role
from engine.national_portal.answers import answer_back
from engine.questions.notices import asker_notice, question_notice, staff_emails, track_url
from engine.text import fold

if TYPE_CHECKING:
    from engine.questions.step import QuestionStep


def local(step: QuestionStep, moment: datetime) -> str:
    return step.calendar.local(moment).strftime("%H:%M ngày %d/%m/%Y")


def notify(step: QuestionStep, kind: str, recipients: list[str], **details: str) -> None:
    for recipient in recipients:
        message = question_notice(step.question, kind, recipient, step.at, **details)
        if message is not None:
            step.session.add(message)


def notify_asker(step: QuestionStep, kind: str, **details: str) -> None:
    """Tell the asker by email, or by SMS when they left only a phone number."""
    message = asker_notice(step.question, kind, step.at, track_url(step.runtime, step.question), **details)
    if message is not None:
        step.session.add(message)


def question_routed(step: QuestionStep, data: dict[str, Any]) -> None:
    """Accepted: the agency that answers and the topic are fixed; the asker and the agency's leaders are told."""
    form, question = data["classify_question"], step.question
    question.agency = step.session.scalar(select(Agency).where(Agency.code == form["agency"]))
    question.topic = step.session.scalar(select(QuestionTopic).where(QuestionTopic.code == form["topic"]))
    question.status = QuestionStatus.ROUTED
    question.routed_at = step.at
    due = local(step, question.due_at)
    notify_asker(step, "question_routed", due=due)
    notify(step, "question_assigned", staff_emails(step.session, Role.AGENCY_LEADER, question.agency.id), due=due)


def _declined(status: QuestionStatus, kind: str) -> Callable[[QuestionStep, dict[str, Any]], None]:
    """Not a question for Q&A: the asker is told at once why, and where to go."""

    def effect(step: QuestionStep, data: dict[str, Any]) -> None:
        question = step.question
        question.status = status
        question.reply = data["classify_question"]["reply"]
        question.closed_at = step.at
        notify_asker(step, kind, reply=question.reply)

    return effect


def answer_given(step: QuestionStep, data: dict[str, Any]) -> None:
    """The agency's answer goes to the editor for review; its moment counts for the deadline."""
    form, question = data["answer_question"], step.question
    if form["kind"] == "answer":
        question.answer = form["answer"]
        question.answered_at = step.at
        question.status = QuestionStatus.IN_REVIEW


def interim_replied(step: QuestionStep, data: dict[str, Any]) -> None:
    """An interim reply given in time moves the due moment to the promised date; a late one leaves it overdue."""
    form, question = data["answer_question"], step.question
    promised = datetime.fromisoformat(data["promised_at"])
    question.interim_reply = form["interim_reply"]
    question.interim_promised_at = promised
    question.interim_replied_at = step.at
    question.status = QuestionStatus.INTERIM_REPLIED
    if step.at <= question.due_at:
        question.due_at = promised
        question.due_soon_flagged_at = question.overdue_flagged_at = None
    notify_asker(step, "interim_replied", reply=question.interim_reply, due=local(step, promised))


def answer_sent_back(step: QuestionStep, data: dict[str, Any]) -> None:
    """The editor asks for rework: the question is unanswered again until the agency answers anew."""
    question = step.question
    question.answered_at = None
    question.status = QuestionStatus.INTERIM_REPLIED if question.interim_replied_at else QuestionStatus.ROUTED


def answer_sent(step: QuestionStep, data: dict[str, Any]) -> None:
    question = step.question
    question.status = QuestionStatus.ANSWERED
    question.closed_at = step.at
    notify_asker(step, "answer_sent", answer=question.answer)
    answer_back(step)


def answer_published(step: QuestionStep, data: dict[str, Any]) -> None:
    """Of general interest: published as the editor anonymised it; the asker gets the answer and the link."""
    form, question = data["review_answer"], step.question
    question.status = QuestionStatus.PUBLISHED
    question.closed_at = question.published_at = step.at
    question.public_title = form["public_title"]
    question.public_question = form["public_question"]
    question.public_answer = form["public_answer"]
    question.public_folded = fold(" ".join((form["public_title"], form["public_question"], form["public_answer"])))
    url = f"{step.runtime.settings.public_url}/questions/published/{question.id}"
    notify_asker(step, "answer_published", answer=question.answer, url=url)
    answer_back(step)


EFFECTS: dict[str, Callable[[QuestionStep, dict[str, Any]], None]] = {
    "question_routed": question_routed,
    "question_refused": _declined(QuestionStatus.REFUSED, "question_refused"),
    "question_out_of_scope": _declined(QuestionStatus.OUT_OF_SCOPE, "question_out_of_scope"),
    "answer_question": answer_given,
    "interim_replied": interim_replied,
    "answer_sent_back": answer_sent_back,
    "answer_sent": answer_sent,
    "answer_published": answer_published,
}
