"""Office hours (giờ làm việc) per weekday, and their environment-variable text format."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import time
from itertools import pairwise

Interval = tuple[time, time]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_INTERVAL = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


class OfficeHoursError(ValueError):
    """A bad office-hours text: `problem` is a stable code and `part` the piece of text it is about, so that a
    caller can say it in the reader's language."""

    def __init__(self, message: str, problem: str, part: str = "") -> None:
        super().__init__(message)
        self.problem = problem
        self.part = part


class OfficeHours(Mapping[int, tuple[Interval, ...]]):
    """Frozen mapping weekday (0=Mon..6=Sun) -> sorted, non-overlapping half-open [start, end) intervals."""

    __slots__ = ("_week",)

    def __init__(self, days: Mapping[int, Iterable[Interval]]) -> None:
        unknown = set(days) - set(range(7))
        if unknown:
            raise OfficeHoursError(
                f"office hours: weekdays must be 0 (Monday) to 6 (Sunday), not {sorted(unknown)}", "unknown_weekday"
            )
        self._week = tuple(_checked(DAY_NAMES[day], days.get(day, ())) for day in range(7))
        if not any(self._week):
            raise OfficeHoursError("office hours: at least one day needs office hours", "no_days")

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Read e.g. "mon-fri 07:00-11:30 13:30-17:00; sat 07:30-11:30"; a bad part raises ValueError naming it."""
        days: dict[int, list[Interval]] = {}
        groups = [group.split() for group in text.split(";") if group.strip()]
        if not groups:
            raise OfficeHoursError("office hours: empty text, expected e.g. 'mon-fri 07:30-11:30 13:00-17:00'", "empty")
        for day_spec, *interval_specs in groups:
            if not interval_specs:
                raise OfficeHoursError(
                    f"office hours: no intervals after {day_spec!r}, expected e.g. '07:30-11:30'",
                    "no_intervals",
                    day_spec,
                )
            intervals = [_parse_interval(spec) for spec in interval_specs]
            for day in _parse_days(day_spec):
                days.setdefault(day, []).extend(intervals)
        return cls(days)

    def minutes(self, weekday: int) -> int:
        """Total office minutes of that weekday."""
        return sum(_minute_of(end) - _minute_of(start) for start, end in self._week[weekday])

    def __getitem__(self, weekday: int) -> tuple[Interval, ...]:
        return self._week[weekday]

    def __iter__(self) -> Iterator[int]:
        return iter(range(7))

    def __len__(self) -> int:
        return 7

    def __hash__(self) -> int:
        return hash(self._week)

    def __repr__(self) -> str:
        return f"OfficeHours.parse({str(self)!r})"

    def __str__(self) -> str:
        """The text format again, one group per weekday with hours (parse(str(h)) == h)."""
        return "; ".join(
            f"{DAY_NAMES[day]} " + " ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in intervals)
            for day, intervals in enumerate(self._week)
            if intervals
        )


def grouped(hours: OfficeHours) -> list[tuple[int, int, tuple[Interval, ...]]]:
    """Runs of consecutive weekdays with the same hours, as (first, last, intervals); days without hours are left
    out: "mon-fri 07:30-11:30; sat 07:30-11:30" gives Monday to Friday, then Saturday."""
    runs: list[tuple[int, int, tuple[Interval, ...]]] = []
    for day in range(7):
        intervals = hours[day]
        if not intervals:
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == intervals:
            runs[-1] = (runs[-1][0], day, intervals)
        else:
            runs.append((day, day, intervals))
    return runs


def _checked(day_name: str, intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    ordered = tuple(sorted(intervals))
    for start, end in ordered:
        if not start < end:
            raise OfficeHoursError(
                f"office hours: {day_name} interval {start:%H:%M}-{end:%H:%M} ends before it starts",
                "ends_before_start",
                f"{start:%H:%M}-{end:%H:%M}",
            )
    for (_, end), (start, next_end) in pairwise(ordered):
        if start < end:
            raise OfficeHoursError(
                f"office hours: {day_name} intervals overlap at {start:%H:%M}-{next_end:%H:%M}",
                "overlap",
                f"{day_name} {start:%H:%M}-{next_end:%H:%M}",
            )
    return ordered


def _parse_days(spec: str) -> list[int]:
    days: list[int] = []
    for item in spec.lower().split(","):
        first, dash, last = item.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise OfficeHoursError(
                f"office hours: bad day {item!r}, expected {', '.join(DAY_NAMES)} or a range like mon-fri",
                "bad_day",
                item,
            )
        start, stop = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        if stop < start:
            raise OfficeHoursError(
                f"office hours: day range {item!r} runs backwards, write it as e.g. 'mon-fri'", "backwards_range", item
            )
        days.extend(range(start, stop + 1))
    return days


def _parse_interval(spec: str) -> Interval:
    match = _INTERVAL.fullmatch(spec)
    if match is None:
        raise OfficeHoursError(
            f"office hours: bad interval {spec!r}, expected HH:MM-HH:MM such as 07:30-11:30", "bad_interval", spec
        )
    start_h, start_m, end_h, end_m = map(int, match.groups())
    try:
        return time(start_h, start_m), time(end_h, end_m)
    except ValueError:
        raise OfficeHoursError(
            f"office hours: {spec!r} is not a time of day between 00:00 and 23:59", "bad_time", spec
        ) from None


def _minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


DEFAULT_OFFICE_HOURS = OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00")
