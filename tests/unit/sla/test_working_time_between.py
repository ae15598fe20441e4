"""Measuring office time between two moments, with the dossier's pauses left out."""

from __future__ import annotations

from datetime import timedelta

from sla.calendar import WorkingCalendar
from tests.unit.sla.moments import at


def test_office_time_only(calendar: WorkingCalendar) -> None:
    assert calendar.working_time_between(at(2026, 3, 2, 11), at(2026, 3, 2, 13, 30)) == timedelta(hours=1)
    assert calendar.working_time_between(at(2026, 3, 6, 16), at(2026, 3, 9, 8, 30)) == timedelta(hours=2)
    assert calendar.working_time_between(at(2026, 2, 13, 7, 30), at(2026, 2, 24, 7, 30)) == timedelta(hours=16)


def test_reversed_or_empty_spans_are_zero(calendar: WorkingCalendar) -> None:
    assert calendar.working_time_between(at(2026, 3, 2, 9), at(2026, 3, 2, 8)) == timedelta(0)
    assert calendar.working_time_between(at(2026, 3, 2, 9), at(2026, 3, 2, 9)) == timedelta(0)
    assert calendar.working_days_between(at(2026, 3, 2, 9), at(2026, 3, 1, 9)) == 0


def test_pauses_are_left_out(calendar: WorkingCalendar) -> None:
    start, end = at(2026, 3, 2, 7, 30), at(2026, 3, 6, 17)  # a whole working week, 40 hours
    pauses = [(at(2026, 3, 3, 7, 30), at(2026, 3, 4, 7, 30))]
    assert calendar.working_time_between(start, end, pauses) == timedelta(hours=32)
    assert calendar.working_days_between(start, end, pauses) == 4


def test_overlapping_pauses_count_once(calendar: WorkingCalendar) -> None:
    start, end = at(2026, 3, 2, 7, 30), at(2026, 3, 6, 17)
    pauses = [
        (at(2026, 3, 3, 7, 30), at(2026, 3, 3, 17)),
        (at(2026, 3, 3, 13), at(2026, 3, 4, 11, 30)),
        (at(2026, 3, 3, 9), at(2026, 3, 3, 10)),
    ]
    assert calendar.working_time_between(start, end, pauses) == timedelta(hours=28)


def test_pauses_are_clipped_and_an_open_pause_runs_to_the_end(calendar: WorkingCalendar) -> None:
    start, end = at(2026, 3, 2, 7, 30), at(2026, 3, 6, 17)
    pauses = [(at(2026, 2, 1), at(2026, 3, 2, 9, 30)), (at(2026, 3, 6, 13), None)]
    assert calendar.working_time_between(start, end, pauses) == timedelta(hours=34)


def test_working_days_between(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(at(2026, 2, 13, 16), at(2026, 2, 23, 16)) == 1
    assert calendar.working_days_between(at(2026, 3, 2, 9), at(2026, 3, 3, 14, 30)) == 1.5
    assert calendar.working_days_between(at(2026, 3, 2, 15), at(2026, 3, 3, 9, 30)) == 0.5
    assert calendar.working_days_between(at(2026, 3, 2, 18), at(2026, 3, 4, 7, 30)) == 1
