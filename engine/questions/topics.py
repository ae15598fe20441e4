"""Topics of public questions: a small list shipped as data (workflows/question_topics.json), kept in the database."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import QuestionTopic
from workflows import DIAGRAMS_DIR

TOPICS_FILE = DIAGRAMS_DIR / "question_topics.json"


def seed_topics(session: Session) -> int:
    """Add the shipped topics that are missing (by code); topics already there are left as edited. Returns how many."""
    known = set(session.scalars(select(QuestionTopic.code)))
    shipped = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    added = [
        QuestionTopic(code=t["code"], name=t["name"], name_en=t["name_en"], position=position)
        for position, t in enumerate(shipped)
        if t["code"] not in known
    ]
    session.add_all(added)
    session.flush()
    return len(added)


def active_topics(session: Session) -> list[QuestionTopic]:
    return list(session.scalars(select(QuestionTopic).where(QuestionTopic.active).order_by(QuestionTopic.position)))
