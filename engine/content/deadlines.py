"""Publishing deadlines in working time: news within 2 working days of the event, legal and planning information
within 5 working days of signing; budget, prices, investment, procurement and statistics items, for which no
regulation we hold gives a time, take the same 5 working days from their signing; a leaders' schedule is due before
its week begins. The scheduler flags items still unpublished past their deadline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from engine.models import ContentItem, ContentStatus, ContentType
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar

PUBLISH_WITHIN_DAYS = {
    ContentType.NEWS: 2,
    ContentType.URGENT: 2,
    ContentType.DIRECTION: 2,
    ContentType.LEGAL: 5,
    ContentType.PLANNING: 5,
    ContentType.BUDGET: 5,
    ContentType.PRICES: 5,
    ContentType.INVESTMENT: 5,
    ContentType.PROCUREMENT: 5,
    ContentType.STATISTICS: 5,
}
"""Working days from the event (or the signing) to publication; introduction pages have no deadline."""
UNPUBLISHED = (ContentStatus.SUBMITTED, ContentStatus.IN_APPROVAL, ContentStatus.SENT_BACK)


def publish_due(
    calendar: WorkingCalendar, tz: ZoneInfo, content_type: ContentType, event_on: date | None
) -> datetime | None:
    """The moment an item must be published by: N working days counted from the end of the event's day; a schedule
    by the start of its week (its `event_on` is the week's Monday)."""
    if content_type is ContentType.SCHEDULE and event_on is not None:
        return datetime.combine(event_on, time.min, tz)
    days = PUBLISH_WITHIN_DAYS.get(content_type)
    if days is None or event_on is None:
        return None
    return calendar.add_working_days(datetime.combine(event_on + timedelta(days=1), time.min, tz), days)


def flag_content_deadlines(runtime: Runtime) -> dict[str, list[str]]:
    """Mark, once each, the items still unpublished past their deadline; returns the codes flagged."""
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        codes = sorted(
            uow.session.scalars(
                update(ContentItem)
                .where(
                    ContentItem.late_flagged_at.is_(None),
                    ContentItem.status.in_(UNPUBLISHED),
                    ContentItem.due_at < now,
                )
                .values(late_flagged_at=now)
                .returning(ContentItem.code)
            )
        )
        uow.commit()
    return {"late": codes}
