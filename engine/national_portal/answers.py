"""Answers that go to the national portal, queued in the outbox with the step that sends or publishes the answer and
delivered like the dossier sync, with retry and backoff: the answer to a question asked there
(DongBoKetQuaHoiDapGuiTuDVCQG), and a question of the province's own portal published with its answer
(DongBoHoiDap). Field names and their sources: docs/national-portal.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.models import OutboxMessage, QuestionSource, QuestionStatus
from engine.national_portal.messages import CHANNEL, RECIPIENT, envelope

if TYPE_CHECKING:
    from engine.questions.step import QuestionStep

ANSWER = "DongBoKetQuaHoiDapGuiTuDVCQG"
PUBLISHED = "DongBoHoiDap"


def answer_back(step: QuestionStep) -> None:
    """The answer sent or published goes back to the national portal when the question was asked there; a question
    asked on the province's portal goes up once published, as the editor anonymised it. Queued in the step's
    transaction; a province without the national connection sends nothing."""
    question, portal = step.question, step.runtime.settings.national_portal
    if not portal.url:
        return
    if question.source is QuestionSource.NATIONAL:
        _queue(step, ANSWER, _answer(step))
    elif question.status is QuestionStatus.PUBLISHED:
        _queue(step, PUBLISHED, _published(step))


def _answer(step: QuestionStep) -> dict[str, Any]:
    question, portal = step.question, step.runtime.settings.national_portal
    return {
        "HOIDAPID": question.national_id,
        "MADONVI": portal.unit,
        "NGUOITRALOI": question.agency.name if question.agency else "",
        "CHUCVUNGUOITRALOI": "",
        "NGAYTRALOI": step.calendar.local(step.at).strftime("%d/%m/%Y"),
        "NOIDUNGTRALOI": question.answer,
    }


def _published(step: QuestionStep) -> dict[str, Any]:
    """The published question and answer, as the public page shows them; the id is the public page's."""
    question = step.question
    return {
        "HOIDAPID": str(question.id),
        "MaLinhVuc": question.topic.code if question.topic else "",
        "NOIDUNG": question.public_question,
        "MADONVI": question.agency.code,
        "TENDONVI": question.agency.name,
        "NOIDUNGTRALOI": question.public_answer,
    }


def _queue(step: QuestionStep, service: str, item: dict[str, Any]) -> None:
    question, portal = step.question, step.runtime.settings.national_portal
    step.session.add(
        OutboxMessage(
            dedup_key=f"{CHANNEL}:{service}:{question.code}:{question.version}"[:160],
            channel=CHANNEL,
            recipient=RECIPIENT,
            subject=f"{service} {question.code}",
            body=json.dumps(envelope(portal, service, [item], False), ensure_ascii=False),
            created_at=step.at,
            next_attempt_at=step.at,
        )
    )
