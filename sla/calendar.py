"""The working calendar (lịch làm việc): office hours, public holidays and overrides, measured in O(log n)."""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from sla.office_hours import DEFAULT_OFFICE_HOURS, Interval, OfficeHours

FIRST_YEAR, LAST_YEAR = 1990, 2100
# The last year whose days off the pinned holiday data took from the government's announcements (Tết bridge days,
# swapped working days); later years are estimates from the Labour Code and the lunar calendar.
HOLIDAYS_ANNOUNCED_THROUGH = 2026
# Years loaded either side of a requested date, so that nearby requests reuse the table.
_MARGIN_YEARS = 2
_MICROSECOND = timedelta(microseconds=1)

# Calendars with the same rules share their tables: the web app builds a calendar per request.
_SHARED_TABLES: dict[tuple[object, ...], _Table] = {}
_SHARED_TABLES_KEPT = 8
_SHARED_TABLES_LOCK = threading.Lock()

Pause = tuple[datetime, datetime | None]
# Office intervals of one day in microseconds since local midnight; () on a day off.
_Micros = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class CalendarOverride:
    """An administrator's ruling on a day: an extra day off, a local closure or a make-up working day (ngày làm bù)."""

    day: date
    working: bool
    note: str = ""


def merge_intervals(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The sorted, disjoint union of [start, end) intervals, empty ones dropped."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(interval for interval in intervals if interval[0] < interval[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@cache
def public_calendar(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Vietnam's public holidays of a year (observed days included) and its make-up working Saturdays."""
    vn = holidays.country_holidays("VN", language="vi", years=year)
    return dict(vn), frozenset(day for day in vn.weekend_workdays if day.year == year)


def _clock(moment: time | datetime) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


def _micros(intervals: tuple[Interval, ...]) -> _Micros:
    return tuple((_clock(start), _clock(end)) for start, end in intervals)


@dataclass(frozen=True)
class _Table:
    """Office time of every day of the years first_year..last_year, as prefix sums.

    A position is the office time, in microseconds, from the table's first day to a moment; positions are
    only comparable within one table or tables with the same first_year.
    """

    tz: ZoneInfo
    first_year: int
    last_year: int
    first: int  # ordinal of 1 January of first_year
    hours: list[_Micros]
    prefix: list[int]  # prefix[i] = office microseconds before day i; len(hours) + 1 entries
    working: list[int]  # indexes of the working days, ascending

    def position(self, local: datetime) -> int:
        """The position of a moment given in the table's time zone."""
        day = local.toordinal() - self.first
        clock = _clock(local)
        position = self.prefix[day]
        for start, end in self.hours[day]:
            if clock <= start:
                break
            position += min(clock, end) - start
        return position

    def locate(self, position: int, *, closing: bool) -> int | None:
        """The working day holding a position, None past the table.

        A position at a day's closing belongs to that day when closing, else to the next working day's opening.
        """
        day = (bisect_left if closing else bisect_right)(self.prefix, position) - 1
        return day if day < len(self.hours) else None

    def length(self, day: int) -> int:
        return self.prefix[day + 1] - self.prefix[day]

    def moment(self, day: int, offset: int, *, closing: bool) -> datetime:
        """The local moment `offset` office microseconds into a day; an interval's end stays put only when closing."""
        for start, end in self.hours[day]:
            if offset < end - start or (closing and offset == end - start):
                return self._wall(day, start + offset)
            offset -= end - start
        return self._wall(day, self.hours[day][-1][1])

    def _wall(self, day: int, clock: int) -> datetime:
        midnight = datetime.combine(date.fromordinal(self.first + day), time(), self.tz)
        return midnight + timedelta(microseconds=clock)


class WorkingCalendar:
    """Working time in one time zone: office hours, Vietnamese public holidays, an administrator's overrides.

    Overrides win over everything. A make-up working day (from an override or from the holidays package's list)
    has a full weekday's hours, Monday's or those of the first weekday that has any, whatever its own weekday's.
    A "standard working day" (the unit of fractional days) is the longest weekday: 8 hours by default.
    Every datetime returned is in the calendar's time zone; naive datetimes are refused with ValueError.
    Spans are measured with prefix sums over whole years (loaded lazily, 1990 to 2100), never day by day.
    """

    def __init__(
        self,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        tz: str = "Asia/Ho_Chi_Minh",
        overrides: Iterable[CalendarOverride] = (),
    ) -> None:
        self.office_hours = office_hours
        self.tz = ZoneInfo(tz)
        self._week = tuple(_micros(office_hours[weekday]) for weekday in range(7))
        self._makeup_hours = next(hours for hours in self._week if hours)
        self.standard_day = max(
            timedelta(microseconds=sum(end - start for start, end in hours)) for hours in self._week
        )
        self._overrides = {override.day: override for override in overrides}
        self._rules = (office_hours, tz, frozenset(self._overrides.values()))
        self._table: _Table | None = None

    def overridden(self, override: CalendarOverride) -> WorkingCalendar:
        """This calendar with one more override, e.g. to see what a day off would move before recording it."""
        return WorkingCalendar(self.office_hours, self.tz.key, [*self._overrides.values(), override])

    def shifted(self, moment: datetime, before: WorkingCalendar, since: datetime) -> datetime:
        """A moment promised under the `before` calendar, moved so that the office time between `since` and it stays
        the same in this one: a day off recorded after the promise gives its office time back."""
        if moment <= since:
            return moment
        return self.add_working_time(since, before.working_time_between(since, moment))

    def local(self, moment: datetime) -> datetime:
        """The moment in the calendar's time zone; a naive datetime raises ValueError."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime {moment.isoformat()}: the calendar needs a timezone-aware moment")
        return moment.astimezone(self.tz)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday or administrator's day off on that day, None on other days (weekends included)."""
        override = self._overrides.get(day)
        if override is not None:
            return None if override.working else override.note or "Ngày nghỉ"
        return public_calendar(day.year)[0].get(day)

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        holidays_of_year, makeup_days = public_calendar(day.year)
        if day in makeup_days:
            return True
        return day not in holidays_of_year and bool(self._week[day.weekday()])

    def office_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """That day's office intervals as aware datetimes; () on a day off."""
        midnight = datetime.combine(day, time(), self.tz)
        return tuple(
            (midnight + timedelta(microseconds=start), midnight + timedelta(microseconds=end))
            for start, end in self._day_hours(day)
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        table = self._covering(day)
        index = bisect_right(table.working, day.toordinal() - table.first)
        while index >= len(table.working):
            table = self._extended(table)
        return date.fromordinal(table.first + table.working[index])

    def is_working_time(self, moment: datetime) -> bool:
        local = self.local(moment)
        clock = _clock(local)
        return any(start <= clock < end for start, end in self._day_hours(local.date()))

    def next_working_moment(self, moment: datetime) -> datetime:
        """The moment itself within office hours, else the opening of the next office interval."""
        local = self.local(moment)
        table = self._covering(local.date())
        table, day, offset = self._locate(table, table.position(local), closing=False)
        return table.moment(day, offset, closing=False)

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """`amount` of office time after `moment` (counted from the next working moment); ends of intervals stay put."""
        if amount < timedelta(0):
            raise ValueError(f"working time to add must not be negative, got {amount}")
        if not amount:
            return self.next_working_moment(moment)
        local = self.local(moment)
        table = self._covering(local.date())
        table, day, offset = self._locate(table, table.position(local) + amount // _MICROSECOND, closing=True)
        return table.moment(day, offset, closing=True)

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        return self.add_working_time(moment, timedelta(hours=hours))

    def add_working_days(self, moment: datetime, days: float) -> datetime:
        """Whole working days keep the office time already spent in the day; a fraction is of a standard day.

        From a working moment X office minutes into its day, N days later is X office minutes into the Nth next
        working day (its closing if that day is shorter); counted from a day's opening (received before office hours,
        after them, at a weekend), N days end at the closing of the Nth working day, as the law counts them, not at
        the next day's opening. 0.5 is half a standard day more (the handover rule).
        """
        if not (days >= 0 and math.isfinite(days)):
            raise ValueError(f"working days to add must be a finite number, not negative, got {days}")
        whole = int(days)
        local = self.local(moment)
        table = self._covering(local.date())
        table, day, offset = self._locate(table, table.position(local), closing=False)
        table, day, offset = self._days_later(table, day, offset, whole)
        fraction = days - whole
        if whole and not offset and not fraction:  # counted from a day's opening: the Nth day ends at its closing
            last = table.working[bisect_left(table.working, day) - 1]
            return table.moment(last, table.length(last), closing=True)
        result = table.moment(day, offset, closing=False)
        return self.add_working_time(result, fraction * self.standard_day) if fraction else result

    def working_time_between(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> timedelta:
        """Office time in [start, end) outside the paused intervals (a pause without end runs to `end`)."""
        first, last = self.local(start), self.local(end)
        if last <= first:
            return timedelta(0)
        table = self._covering(first.date(), last.date())
        paused = merge_intervals(
            (max(self.local(pause_start), first), last if pause_end is None else min(self.local(pause_end), last))
            for pause_start, pause_end in pauses
        )
        spent = table.position(last) - table.position(first)
        spent -= sum(table.position(pause_end) - table.position(pause_start) for pause_start, pause_end in paused)
        return timedelta(microseconds=spent)

    def working_days_between(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> float:
        """Working days in [start, end) outside pauses: whole days as add_working_days counts them, then a fraction."""
        spent = self.working_time_between(start, end, pauses) // _MICROSECOND
        local = self.local(start)
        table = self._covering(local.date())
        position = table.position(local)
        table, day, offset = self._locate(table, position, closing=False)
        finish = position + spent
        table, last_day, _ = self._locate(table, finish, closing=False)
        whole = bisect_left(table.working, last_day) - bisect_left(table.working, day)
        table, whole_day, whole_offset = self._days_later(table, day, offset, whole)
        if table.prefix[whole_day] + whole_offset > finish:
            # The offset of the start is not reached yet on the last day: its last whole day ended one day earlier.
            whole -= 1
            table, whole_day, whole_offset = self._days_later(table, day, offset, whole)
        rest = finish - table.prefix[whole_day] - whole_offset
        return whole + rest / (self.standard_day // _MICROSECOND)

    def _day_hours(self, day: date) -> _Micros:
        """A day's office hours: its weekday's, none on a day off, a full weekday's on a make-up day (even on a
        Saturday whose counter opens only in the morning)."""
        if not self.is_working_day(day):
            return ()
        override = self._overrides.get(day)
        if (override is not None and override.working) or day in public_calendar(day.year)[1]:
            return self._makeup_hours
        return self._week[day.weekday()] or self._makeup_hours

    def _locate(self, table: _Table, position: int, *, closing: bool) -> tuple[_Table, int, int]:
        """(table, day, offset into the day) of a position, loading later years as needed."""
        while (day := table.locate(position, closing=closing)) is None:
            table = self._extended(table)
        return table, day, position - table.prefix[day]

    def _days_later(self, table: _Table, day: int, offset: int, days: int) -> tuple[_Table, int, int]:
        """(table, day, offset) `days` working days after a working day, the offset clamped to that day's length."""
        index = bisect_left(table.working, day) + days
        while index >= len(table.working):
            table = self._extended(table)
        later = table.working[index]
        return table, later, min(offset, table.length(later))

    def _covering(self, first: date, last: date | None = None) -> _Table:
        """The current table, rebuilt wider when it does not hold the days first..last."""
        last = last or first
        table = self._table
        if table is not None and table.first_year <= first.year and last.year <= table.last_year:
            return table  # the usual case, before the shared tables' key (office hours compared as mappings) is hashed
        known = [table for table in (self._table, _SHARED_TABLES.get(self._rules)) if table is not None]
        for table in known:
            if table.first_year <= first.year and last.year <= table.last_year:
                self._table = table
                return table
        for day in (first, last):
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(f"{day} is outside the working calendar's years {FIRST_YEAR}-{LAST_YEAR}")
        low = min([first.year - _MARGIN_YEARS, *(table.first_year for table in known)])
        high = max([last.year + _MARGIN_YEARS, *(table.last_year for table in known)])
        return self._share(self._build(max(low, FIRST_YEAR), min(high, LAST_YEAR)))

    def _extended(self, table: _Table) -> _Table:
        """A table with more years after `table`'s and the same first year, so its positions stay valid."""
        if table.last_year >= LAST_YEAR:
            raise ValueError(f"working time runs past {LAST_YEAR}, the end of the working calendar")
        longer = self._build(table.first_year, min(table.last_year + 2 * _MARGIN_YEARS, LAST_YEAR))
        if self._table is table:
            self._share(longer)
        return longer

    def _share(self, table: _Table) -> _Table:
        """Keep `table` as the newest shared one for these rules, forgetting the oldest beyond a few."""
        with _SHARED_TABLES_LOCK:
            _SHARED_TABLES.pop(self._rules, None)
            _SHARED_TABLES[self._rules] = table
            while len(_SHARED_TABLES) > _SHARED_TABLES_KEPT:
                del _SHARED_TABLES[next(iter(_SHARED_TABLES))]
        self._table = table
        return table

    def _build(self, first_year: int, last_year: int) -> _Table:
        first = date(first_year, 1, 1).toordinal()
        hours: list[_Micros] = []
        prefix, working = [0], []
        for index in range(date(last_year, 12, 31).toordinal() - first + 1):
            day_hours = self._day_hours(date.fromordinal(first + index))
            hours.append(day_hours)
            prefix.append(prefix[-1] + sum(end - start for start, end in day_hours))
            if day_hours:
                working.append(index)
        return _Table(self.tz, first_year, last_year, first, hours, prefix, working)
