"""Incidents (sự cố): an administrator reports what happened, when, its impact and what was done, and closes the
incident when it is over; each write is checked whole and logged as an event."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotFound
from engine.models import Incident
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

ACTION = N_("ghi nhận sự cố")
TEXT_LENGTH = 4000
MOMENT_FORMATS = ("%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")  # a datetime-local input, or typed by hand
LISTED = 50


def parse_moment(text: str, tz: tzinfo) -> datetime | None:
    """A local moment sent by a datetime-local input or typed as dd/mm/yyyy hh:mm; None when it is neither."""
    for pattern in MOMENT_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def record_incident(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    actor_id: int,
    occurred_at: str,
    summary: str,
    impact: str,
    actions: str,
    closed_at: str = "",
) -> int:
    """Record an incident, closed already when `closed_at` is given; returns its id."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        now = runtime.clock.now()
        errors: dict[str, str] = {}
        began = _moment(errors, "occurred_at", occurred_at, runtime, now, required=True)
        ended = _moment(errors, "closed_at", closed_at, runtime, now, required=False)
        if began and ended and ended < began:
            errors["closed_at"] = N_("Thời điểm khắc phục xong: không được trước thời điểm xảy ra sự cố.")
        summary, impact, actions = nfc(summary.strip()), nfc(impact.strip()), nfc(actions.strip())
        if not summary or len(summary) > 255:
            errors["summary"] = N_("Sự cố: bắt buộc nhập, tối đa 255 ký tự.")
        if not impact or len(impact) > TEXT_LENGTH:
            errors["impact"] = N_("Ảnh hưởng: bắt buộc nhập, tối đa 4000 ký tự.")
        if not actions or len(actions) > TEXT_LENGTH:
            errors["actions"] = N_("Biện pháp đã thực hiện: bắt buộc nhập, tối đa 4000 ký tự.")
        if errors:
            raise InvalidData(errors)
        incident = Incident(
            occurred_at=began,
            summary=summary,
            impact=impact,
            actions=actions,
            closed_at=ended,
            recorded_by_id=actor.id,
            recorded_at=now,
        )
        session.add(incident)
        session.flush()
        after = {"incident": incident.id, "occurred_at": began.isoformat(), "closed": ended is not None}
        record_event(session, "incident_recorded", now, actor=actor, reason=summary, after=after)
        uow.commit()
        return incident.id


def close_incident(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, incident_id: int, closed_at: str, actions: str
) -> None:
    """Close an open incident with what was done in the end."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        now = runtime.clock.now()
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(what=N_("sự cố"))
        errors: dict[str, str] = {}
        if incident.closed_at is not None:
            errors["closed_at"] = N_("Sự cố này đã được đóng.")
        ended = _moment(errors, "closed_at", closed_at, runtime, now, required=True)
        if ended and ended < incident.occurred_at:
            errors["closed_at"] = N_("Thời điểm khắc phục xong: không được trước thời điểm xảy ra sự cố.")
        actions = nfc(actions.strip())
        if not actions or len(actions) > TEXT_LENGTH:
            errors["actions"] = N_("Biện pháp đã thực hiện: bắt buộc nhập, tối đa 4000 ký tự.")
        if errors:
            raise InvalidData(errors)
        before = {"actions": incident.actions}
        incident.closed_at, incident.actions = ended, actions
        after = {"incident": incident.id, "closed_at": ended.isoformat(), "actions": actions}
        record_event(session, "incident_closed", now, actor=actor, reason=incident.summary, before=before, after=after)
        uow.commit()


def listed_incidents(session: Session) -> list[Incident]:
    """The open incidents, then the most recent closed ones."""
    return list(
        session.scalars(
            select(Incident)
            .order_by(Incident.closed_at.is_not(None), Incident.occurred_at.desc(), Incident.id.desc())
            .limit(LISTED)
        )
    )


def _moment(
    errors: dict[str, str], name: str, text: str, runtime: Runtime, now: datetime, *, required: bool
) -> datetime | None:
    """The moment typed in the field, or None with the field's error when it is missing, unreadable or ahead."""
    if not text.strip():
        if required:
            errors[name] = _MOMENT_ERRORS[name]
        return None
    moment = parse_moment(text, runtime.tz)
    if moment is None:
        errors[name] = _MOMENT_ERRORS[name]
    elif moment > now:
        errors[name] = N_("Thời điểm: không được sau thời điểm hiện tại.")
    return moment if name not in errors else None


_MOMENT_ERRORS = {
    "occurred_at": N_("Thời điểm xảy ra: nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 02/01/2027 08:30."),
    "closed_at": N_(
        "Thời điểm khắc phục xong: nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 02/01/2027 17:00."
    ),
}
