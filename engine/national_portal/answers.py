"""The answer to a question asked on the national portal goes back to it (DongBoKetQuaHoiDapGuiTuDVCQG), queued
in the outbox with the step that sends or publishes the answer and delivered like the dossier sync, with retry and
backoff. Field names and their sources: docs/national-portal.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from engine.models import OutboxMessage, QuestionSource
from engine.national_portal.messages import CHANNEL, RECIPIENT, envelope

if TYPE_CHECKING:
    from engine.questions.step import QuestionStep

ANSWER = "DongBoKetQuaHoiDapGuiTuDVCQG"


def answer_back(step: QuestionStep) -> None:
    """The answer sent or published goes back to the national portal, queued in the step's transaction; a question
    asked on the province's portal, or a province without the national connection, sends nothing."""
    question, portal = step.question, step.runtime.settings.national_portal
    if question.source is not QuestionSource.NATIONAL or not portal.url:
        return
    item = {
        "HOIDAPID": question.national_id,
        "MADONVI": portal.unit,
        "NGUOITRALOI": question.agency.name if question.agency else "",
        "CHUCVUNGUOITRALOI": "",
        "NGAYTRALOI": step.calendar.local(step.at).strftime("%d/%m/%Y"),
        "NOIDUNGTRALOI": question.answer,
    }
    step.session.add(
        OutboxMessage(
            dedup_key=f"{CHANNEL}:{ANSWER}:{question.code}:{question.version}"[:160],
            channel=CHANNEL,
            recipient=RECIPIENT,
            subject=f"{ANSWER} {question.code}",
            body=json.dumps(envelope(portal, ANSWER, [item], False), ensure_ascii=False),
            created_at=step.at,
            next_attempt_at=step.at,
        )
    )
