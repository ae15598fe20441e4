"""Reception hours (giờ tiếp nhận): when a counter receives people, which may differ from the working calendar's
office hours (a commune's Saturday morning). They never move a deadline: a dossier received outside office hours
counts from the next working moment, as the calendar says."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sla.calendar import WorkingCalendar
from sla.office_hours import OfficeHours

LOOK_AHEAD_DAYS = 400  # longer than any run of days off (Tết with its weekends is about nine days)


def reception_intervals(
    calendar: WorkingCalendar, hours: OfficeHours, day: date
) -> tuple[tuple[datetime, datetime], ...]:
    """The counter's intervals that day: none on a public holiday or an administrator's day off; a make-up working
    day (a working day on a weekday without office hours) is a full working day, with the calendar's office hours,
    even where the counter opens only that weekday's morning."""
    if calendar.holiday_name(day) is not None:
        return ()
    if calendar.is_working_day(day) and not calendar.office_hours[day.weekday()]:
        return calendar.office_intervals(day)
    return tuple(
        (datetime.combine(day, start, calendar.tz), datetime.combine(day, end, calendar.tz))
        for start, end in hours[day.weekday()]
    )


def next_reception_moment(calendar: WorkingCalendar, hours: OfficeHours, moment: datetime) -> datetime | None:
    """The moment itself when the counter is open, else the opening of its next interval; None when it never opens
    within LOOK_AHEAD_DAYS."""
    local = calendar.local(moment)
    for offset in range(LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        for start, end in reception_intervals(calendar, hours, day):
            if local < end:
                return max(start, local)
    return None


def is_reception_time(calendar: WorkingCalendar, hours: OfficeHours, moment: datetime) -> bool:
    local = calendar.local(moment)
    return any(start <= local < end for start, end in reception_intervals(calendar, hours, local.date()))
