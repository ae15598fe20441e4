"""Public consultation on draft documents (lấy ý kiến dự thảo): anyone comments while it is open, with a name and a
contact; comments stay private until a moderator publishes them; after closing, the drafting agency publishes the
summary of the comments and its answers, within SUMMARY_WITHIN_DAYS working days, or the scheduler flags it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.content.images import check_alternative_texts
from engine.content.permissions import contributing_agencies, on_the_board
from engine.content.rich_text import sanitised
from engine.errors import N_, InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import (
    CommentStatus,
    Consultation,
    ConsultationComment,
    ContentItem,
    ContentStatus,
    ContentType,
    User,
)
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from sla.calendar import WorkingCalendar

SUMMARY_WITHIN_DAYS = 10
"""Working days after closing within which the drafting agency publishes the summary of comments."""
CONTACT = re.compile(r"^([^@\s]+@[^@\s]+\.[^@\s]+|\+?[0-9][0-9 .-]{7,14})$")


def opened(calendar: WorkingCalendar, tz: ZoneInfo, closes_on: date) -> Consultation:
    """A consultation open until the end of its closing day, its summary due SUMMARY_WITHIN_DAYS working days on."""
    closes_at = datetime.combine(closes_on + timedelta(days=1), time.min, tz)
    return Consultation(closes_at=closes_at, summary_due_at=calendar.add_working_days(closes_at, SUMMARY_WITHIN_DAYS))


def _open_consultation(session: Session, item_id: int) -> ContentItem:
    item = session.get(ContentItem, item_id)
    if item is None or item.consultation is None or item.status is not ContentStatus.PUBLISHED:
        raise NotFound(what="dự thảo lấy ý kiến này")
    return item


def comment(runtime: Runtime, uow: UnitOfWork, *, item_id: int, name: str, contact: str, body: str) -> int:
    """A comment on an open consultation, kept private until moderated; returns its id."""
    with uow:
        session = uow.session
        item = _open_consultation(session, item_id)
        now = runtime.clock.now()
        if now >= item.consultation.closes_at:
            raise StepNotAvailable(dossier_code=item.code, action="nhận góp ý (đã hết thời hạn lấy ý kiến)")
        name, contact, body = (nfc(value.strip()) for value in (name, contact, body))
        errors = {}
        if not 2 <= len(name) <= 255:
            errors["name"] = N_("Họ và tên: từ 2 đến 255 ký tự.")
        if not CONTACT.match(contact) or len(contact) > 255:
            errors["contact"] = N_("Thư điện tử hoặc số điện thoại: bắt buộc nhập, đúng định dạng.")
        if not 10 <= len(body) <= 10000:
            errors["body"] = N_("Nội dung góp ý: từ 10 đến 10.000 ký tự.")
        if errors:
            raise InvalidData(errors)
        entry = ConsultationComment(
            item_id=item.id, name=name, contact=contact, body=body, status=CommentStatus.PENDING, submitted_at=now
        )
        session.add(entry)
        session.flush()
        uow.commit()
        return entry.id


def moderate(runtime: Runtime, uow: UnitOfWork, *, comment_id: int, actor_id: int, publish: bool) -> CommentStatus:
    """An editor publishes a comment (its name and text, never its contact) or rejects it; either is kept."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None or not on_the_board(actor):
            raise NotAllowed(action="kiểm duyệt góp ý")
        entry = session.get(ConsultationComment, comment_id)
        if entry is None:
            raise NotFound(what="góp ý này")
        at = runtime.clock.now()
        entry.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
        entry.moderated_at, entry.moderated_by_id = at, actor.id
        record_event(
            session, "comment_moderated", at, actor=actor, result=entry.status.value, after={"comment": entry.id}
        )
        uow.commit()
        return entry.status


def publish_summary(runtime: Runtime, uow: UnitOfWork, *, code: str, actor_id: int, summary: str) -> None:
    """After closing, the drafting agency's contributor (or the board) publishes the summary of the comments."""
    with uow:
        session = uow.session
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        if item is None or item.consultation is None:
            raise NotFound(what=f"dự thảo lấy ý kiến {code}")
        actor = session.get(User, actor_id)
        if actor is None or not (on_the_board(actor) or item.agency_id in contributing_agencies(actor)):
            raise NotAllowed(action="công bố tổng hợp ý kiến")
        at = runtime.clock.now()
        if at < item.consultation.closes_at:
            raise StepNotAvailable(
                dossier_code=code, action="công bố tổng hợp ý kiến trước khi hết thời hạn lấy ý kiến"
            )
        text = sanitised(nfc(summary))
        check_alternative_texts(text, "summary")
        if len(text) < 20:
            raise InvalidData({"summary": N_("Tổng hợp ý kiến và giải trình: tối thiểu 20 ký tự.")})
        consultation = item.consultation
        consultation.summary, consultation.summary_published_at, consultation.summary_by_id = text, at, actor.id
        record_event(session, "consultation_summarised", at, actor=actor, after={"content_item": code})
        uow.commit()


def flag_late_summaries(runtime: Runtime) -> dict[str, list[str]]:
    """Mark, once each, the consultations whose summary is past due; returns their codes."""
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        ids = list(
            uow.session.scalars(
                update(Consultation)
                .where(
                    Consultation.summary_late_flagged_at.is_(None),
                    Consultation.summary_published_at.is_(None),
                    Consultation.summary_due_at < now,
                )
                .values(summary_late_flagged_at=now)
                .returning(Consultation.item_id)
            )
        )
        codes = list(
            uow.session.scalars(select(ContentItem.code).where(ContentItem.id.in_(ids)).order_by(ContentItem.code))
        )
        uow.commit()
    return {"late_summaries": codes}


def open_consultations(session: Session, now: datetime) -> list[ContentItem]:
    """Published consultations still taking comments, the soonest to close first."""
    return list(
        session.scalars(
            select(ContentItem)
            .join(Consultation, Consultation.item_id == ContentItem.id)
            .where(
                ContentItem.content_type == ContentType.CONSULTATION,
                ContentItem.status == ContentStatus.PUBLISHED,
                Consultation.closes_at > now,
            )
            .order_by(Consultation.closes_at)
        )
    )


def comments(session: Session, item_id: int, status: CommentStatus | None = None) -> list[ConsultationComment]:
    """The comments on a consultation, in one state or (for staff) all, oldest first."""
    query = select(ConsultationComment).where(ConsultationComment.item_id == item_id)
    if status is not None:
        query = query.where(ConsultationComment.status == status)
    return list(session.scalars(query.order_by(ConsultationComment.submitted_at, ConsultationComment.id)))


def pending_comments(session: Session) -> list[tuple[ConsultationComment, ContentItem]]:
    """Comments waiting for moderation, oldest first, with their consultation."""
    rows = session.execute(
        select(ConsultationComment, ContentItem)
        .join(ContentItem, ContentItem.id == ConsultationComment.item_id)
        .where(ConsultationComment.status == CommentStatus.PENDING)
        .order_by(ConsultationComment.submitted_at)
    )
    return [(row[0], row[1]) for row in rows]
