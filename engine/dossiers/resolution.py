"""A dossier resolved (giải quyết xong: granted or refused), with the facts reports read: the working time it used and
whether it was early, on time or late, stored once so that reports are grouped SQL and never replay calendars."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from engine.models import Dossier
from sla.calendar import Pause, WorkingCalendar
from sla.deadlines import Timeliness, timeliness


def resolve(dossier: Dossier, at: datetime, calendar: WorkingCalendar) -> None:
    """The dossier is resolved at `at`: its moment and the facts reports count."""
    dossier.resolved_at = at
    store_facts(dossier, calendar)


def store_facts(dossier: Dossier, calendar: WorkingCalendar) -> None:
    """Working days used and timeliness of a resolved dossier; nothing for one never received (refused at reception),
    which no report counts."""
    if dossier.received_at is None or dossier.resolved_at is None:
        dossier.working_days, dossier.timeliness = None, None
        return
    pauses = [(pause.started_at, pause.ended_at) for pause in dossier.pauses]
    dossier.working_days, dossier.timeliness = facts(
        calendar, dossier.received_at, dossier.resolved_at, dossier.due_at, pauses
    )


def facts(
    calendar: WorkingCalendar, received: datetime, resolved: datetime, due: datetime | None, pauses: Iterable[Pause]
) -> tuple[float, Timeliness]:
    """Office time from receipt to resolution outside the pauses, in standard working days, and the one timeliness
    rule of `sla.deadlines`."""
    spent = calendar.working_time_between(received, resolved, pauses)
    return spent / calendar.standard_day, timeliness(resolved, due, calendar.tz)


def refresh_facts_since(session: Session, calendar: WorkingCalendar, since: datetime) -> int:
    """Recount the facts of the dossiers resolved at or after `since` on a changed calendar (a day off recorded for
    today takes back the office time already counted today); returns how many were recounted."""
    resolved = session.scalars(
        select(Dossier)
        .where(Dossier.resolved_at.is_not(None), Dossier.resolved_at >= since)
        .options(selectinload(Dossier.pauses))
    )
    count = 0
    for dossier in resolved:
        store_facts(dossier, calendar)
        count += 1
    return count
