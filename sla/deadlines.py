"""Statutory deadlines (thời hạn giải quyết): durations and the due moments they give on a working calendar."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sla.calendar import Pause, WorkingCalendar, merge_intervals


class TimeUnit(StrEnum):
    """How a procedure's time budget is counted."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


_UNIT_WORDS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
}


@dataclass(frozen=True)
class Duration:
    """A time budget such as a procedure's processing time; amount 0 working days means "trong ngày"."""

    amount: float
    unit: TimeUnit

    def __post_init__(self) -> None:
        if not (self.amount >= 0 and math.isfinite(self.amount)):
            raise ValueError(f"a duration must be a finite amount, not negative, got {self.amount}")
        object.__setattr__(self, "unit", TimeUnit(self.unit))

    def __str__(self) -> str:
        amount = f"{self.amount:g}".replace(".", ",")
        return f"{amount} {_UNIT_WORDS[self.unit]}"

    @classmethod
    def parse_working(cls, text: str) -> Duration:
        """A step's working time as people and modelers write it: `4h`, `0,5d`, `04 giờ`, `0,5 ngày`,
        `01 ngày làm việc`, or an ISO 8601 duration (`PT4H`, `P2D`, `P1DT4H`, counted in working time).
        Whole days stay days; a fraction of a day becomes working hours (a working day has 8). ValueError else."""
        match = _SPOKEN.match(text.strip().lower()) or _ISO.match(text.strip().upper())
        if match is None or not any(match.groupdict().values()):
            raise ValueError(f"working time {text!r}: write e.g. 4h, 0,5d, 04 giờ, 02 ngày or PT4H, P2D")
        found = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
        hours = found.get("days", 0) * WORKING_DAY_HOURS + found.get("hours", 0) + found.get("minutes", 0) / 60
        if hours <= 0:
            raise ValueError(f"working time {text!r}: must be more than nothing")
        if hours % WORKING_DAY_HOURS == 0:
            return cls(hours / WORKING_DAY_HOURS, TimeUnit.WORKING_DAYS)
        return cls(round(hours, 4), TimeUnit.WORKING_HOURS)


WORKING_DAY_HOURS = 8
_NUMBER = r"\d+(?:[.,]\d+)?"
_SPOKEN = re.compile(
    rf"^(?:(?P<days>{_NUMBER})\s*(?:d|ngày|ngay|days?)(?:\s*làm việc|\s*lam viec|\s*working)?"
    rf"|(?P<hours>{_NUMBER})\s*(?:h|giờ|gio|hours?)(?:\s*làm việc|\s*lam viec|\s*working)?)$"
)
_ISO = re.compile(rf"^P(?:(?P<days>{_NUMBER})D)?(?:T(?:(?P<hours>{_NUMBER})H)?(?:(?P<minutes>{_NUMBER})M)?)?$")


HALF_WORKING_DAY = Duration(0.5, TimeUnit.WORKING_DAYS)
"""Reception hands a dossier over to the department within half a working day."""


def counting_start(calendar: WorkingCalendar, start: datetime, *, same_day_cutoff: time | None = None) -> datetime:
    """Where the clock starts: the next working moment, or the next working day's opening when received after the
    cutoff (Decree 118/2025 Art. 18.2: "sau 15 giờ"; 15:00 itself is the same day)."""
    if _after_cutoff(calendar.local(start), same_day_cutoff):
        return calendar.office_intervals(calendar.next_working_day(calendar.local(start).date()))[0][0]
    return calendar.next_working_moment(start)


def _after_cutoff(local: datetime, cutoff: time | None) -> bool:
    return cutoff is not None and local.time() > cutoff


def due_moment(
    calendar: WorkingCalendar, start: datetime, duration: Duration, *, same_day_cutoff: time | None = None
) -> datetime:
    """The statutory due moment of a duration received at `start`.

    Zero working days is the closing of the starting day. Calendar days count as the Civil Code does (Art. 147-148):
    from the day after receipt (after the cut-off, receipt is the next working day), to the end of the last day (its
    office closing); a last day that is a day off moves to the closing of the next working day.
    """
    begin = counting_start(calendar, start, same_day_cutoff=same_day_cutoff)
    if duration.unit == TimeUnit.WORKING_HOURS:
        return calendar.add_working_hours(begin, duration.amount)
    if duration.unit == TimeUnit.WORKING_DAYS:
        if duration.amount:
            return calendar.add_working_days(begin, duration.amount)
        return calendar.office_intervals(begin.date())[-1][1]
    local = calendar.local(start)
    received_on = begin.date() if _after_cutoff(local, same_day_cutoff) else local.date()
    last = received_on + timedelta(days=math.ceil(duration.amount))
    if not calendar.is_working_day(last):
        last = calendar.next_working_day(last)
    return calendar.office_intervals(last)[-1][1]


def due_with_pauses(
    calendar: WorkingCalendar,
    start: datetime,
    duration: Duration,
    pauses: Iterable[Pause],
    *,
    same_day_cutoff: time | None = None,
) -> datetime | None:
    """The due moment when the dossier's clock stopped during `pauses` (waiting for supplementation, bổ sung).

    Each pause that begins before the due moment pushes it later by the office time it covered, whatever the
    duration's unit; an open pause (no end yet) leaves the due moment unknown: None.
    """
    given = list(pauses)
    closed = [(calendar.local(pause_start), pause_end) for pause_start, pause_end in given if pause_end is not None]
    if len(closed) < len(given):
        return None
    begin = counting_start(calendar, start, same_day_cutoff=same_day_cutoff)
    due = due_moment(calendar, start, duration, same_day_cutoff=same_day_cutoff)
    for pause_start, pause_end in merge_intervals(
        (max(pause_start, begin), pause_end) for pause_start, pause_end in closed
    ):
        due = pushed_by_pause(calendar, due, pause_start, pause_end)
    return due


def pushed_by_pause(calendar: WorkingCalendar, due: datetime, pause_start: datetime, pause_end: datetime) -> datetime:
    """The due moment after one closed pause: later by the office time the pause covered, when it began before the
    due moment; a pause begun after it (a supplement asked of an overdue dossier) moves nothing. The one pause rule:
    `due_with_pauses` and the step that resumes a dossier's clock both use it."""
    if not calendar.working_time_between(pause_start, due):
        return due
    covered = calendar.working_time_between(pause_start, pause_end)
    return calendar.add_working_time(due, covered) if covered else due


class Timeliness(StrEnum):
    """How a step or a dossier met its due moment: trước hạn, đúng hạn, quá hạn."""

    EARLY = "early"  # done on a day before the due day
    ON_TIME = "on_time"  # done on the due day, by the due moment
    LATE = "late"  # done after the due moment


def timeliness(done: datetime, due: datetime | None, tz: ZoneInfo) -> Timeliness:
    """The one rule every report, list and printed form uses: decided on instants, the due moment being the closing
    of the last day; early means a day before the due day, in the province's time zone. No due moment: on time."""
    if due is None:
        return Timeliness.ON_TIME
    if done > due:
        return Timeliness.LATE
    return Timeliness.EARLY if done.astimezone(tz).date() < due.astimezone(tz).date() else Timeliness.ON_TIME
