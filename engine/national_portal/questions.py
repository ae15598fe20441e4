"""Questions asked on the national portal (hỏi đáp gửi từ Cổng DVC quốc gia): received in the portal's own item
shape (LayDanhSachHoiDapGuiTuDVCQG), once per national id, into the same Q&A workflow as a question asked on the
province's portal. Its answer goes back by `engine.national_portal.answers`. Field names and their sources:
docs/national-portal.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.exc import IntegrityError

from engine.errors import InvalidData
from engine.models import Agency, Question, QuestionSource, QuestionTopic
from engine.questions.services import Asked, Asker, ask
from engine.runtime import Runtime
from engine.uow import UnitOfWork

TITLE_LENGTH = 120
# our field -> the portal's key, so that a refusal names the field the portal sent
NATIONAL_KEYS = {
    "name": "HOVATEN",
    "email": "THUDIENTU",
    "phone": "SODIENTHOAI",
    "address": "DIACHI",
    "title": "TIEUDE",
    "body": "NOIDUNG",
}


@dataclass(frozen=True)
class NationalQuestion:
    """One question as the national portal lists it."""

    national_id: str  # HOIDAPID
    body: str  # NOIDUNG
    name: str = ""  # HOVATEN
    email: str = ""  # THUDIENTU
    phone: str = ""  # SODIENTHOAI
    address: str = ""  # DIACHI
    title: str = ""  # TIEUDE; the body's first words when the portal sends none
    sector: str = ""  # MALINHVUC
    agency: str = ""  # MADONVI

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> NationalQuestion:
        """The question from the portal's item, whose absent keys are empty."""

        def text(key: str) -> str:
            value = item.get(key)
            return "" if value is None else str(value)

        return cls(
            national_id=text("HOIDAPID"),
            body=text("NOIDUNG"),
            name=text("HOVATEN"),
            email=text("THUDIENTU"),
            phone=text("SODIENTHOAI"),
            address=text("DIACHI"),
            title=text("TIEUDE"),
            sector=text("MALINHVUC"),
            agency=text("MADONVI"),
        )


@dataclass(frozen=True)
class Received:
    asked: Asked
    created: bool  # False: the national id was received before, and this is that question


def receive_question(runtime: Runtime, uow: UnitOfWork, item: NationalQuestion) -> Received:
    """The question in the editors' inbox, once per national id: the same id again answers the question it made.
    A sector or unit this province does not know is left to the editor to choose rather than refused."""
    found = _received(runtime, item.national_id)
    if found is not None:
        return Received(found, created=False)
    with runtime.unit_of_work() as read:
        topic = item.sector if _known(read, QuestionTopic.code == item.sector, QuestionTopic.active) else ""
        agency = item.agency if _known(read, Agency.code == item.agency) else ""
    body = item.body.strip()
    try:
        asked = ask(
            runtime,
            uow,
            asker=Asker(item.name.strip() or "Người hỏi trên Cổng DVC quốc gia", item.email, item.phone, item.address),
            title=item.title.strip() or _title_of(body),
            body=body,
            topic=topic,
            agency=agency,
            source=QuestionSource.NATIONAL,
            national_id=item.national_id,
        )
    except InvalidData as invalid:
        errors = {NATIONAL_KEYS.get(key, key): text for key, text in invalid.errors.items()}
        if not item.title.strip():
            errors.pop("TIEUDE", None)  # a title made of the body is refused for the body's reason
        raise InvalidData(errors) from None
    except IntegrityError:  # the same id received by another call meanwhile
        return Received(_received(runtime, item.national_id), created=False)
    return Received(asked, created=True)


def _received(runtime: Runtime, national_id: str) -> Asked | None:
    with runtime.unit_of_work() as uow:
        found = uow.session.scalar(select(Question).where(Question.national_id == national_id))
        return Asked(found.code, found.due_at.astimezone(runtime.tz)) if found else None  # as `ask` answers it


def _known(read: UnitOfWork, *where: ColumnElement[bool]) -> bool:
    return bool(read.session.scalar(select(exists().where(*where))))


def _title_of(body: str) -> str:
    """The body's first words, cut at a word within TITLE_LENGTH characters."""
    words = " ".join(body.split())
    if len(words) <= TITLE_LENGTH:
        return words
    return words[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
