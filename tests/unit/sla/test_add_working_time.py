"""Adding working time: lunch breaks, evenings, weekends and Tết are skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sla.calendar import WorkingCalendar
from sla.office_hours import OfficeHours
from tests.unit.sla.moments import VN, at


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 3, 2, 11), 1, at(2026, 3, 2, 13, 30)),  # over the lunch break
        (at(2026, 3, 2, 18), 1, at(2026, 3, 3, 8, 30)),  # after hours counts from 07:30
        (at(2026, 3, 6, 16), 2, at(2026, 3, 9, 8, 30)),  # Friday to Monday
        (at(2026, 3, 2, 13), 4, at(2026, 3, 2, 17)),  # an interval's end stays on its day
        (at(2026, 3, 2, 11), 0.5, at(2026, 3, 2, 11, 30)),
        (at(2026, 3, 2, 12), 0, at(2026, 3, 2, 13)),  # zero is the next working moment
        (at(2026, 3, 2, 9), 0, at(2026, 3, 2, 9)),
    ],
)
def test_add_working_hours(calendar: WorkingCalendar, start: datetime, hours: float, expected: datetime) -> None:
    assert calendar.add_working_hours(start, hours) == expected


def test_across_tet(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(at(2026, 2, 13, 16), 1) == at(2026, 2, 23, 16)
    assert calendar.add_working_hours(at(2026, 2, 13, 16), 2) == at(2026, 2, 23, 8, 30)


def test_whole_days_keep_the_position_in_the_day(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(at(2026, 3, 2, 7, 30), 1) == at(2026, 3, 2, 17)  # from the opening: its closing
    assert calendar.add_working_days(at(2026, 3, 2, 12), 1) == at(2026, 3, 3, 13)
    assert calendar.add_working_days(at(2026, 3, 2, 18), 0) == at(2026, 3, 3, 7, 30)
    assert calendar.add_working_days(at(2026, 3, 2, 9), 10) == at(2026, 3, 16, 9)


def test_days_counted_from_an_opening_end_at_the_closing_of_the_last_day(calendar: WorkingCalendar) -> None:
    """Received at a weekend, at night or online before hours: the Nth working day is the last, to its closing."""
    assert calendar.add_working_days(at(2026, 12, 7, 7, 30), 2) == at(2026, 12, 8, 17)  # not 07:30 on 9/12
    assert calendar.add_working_days(at(2026, 12, 7, 7, 30), 5) == at(2026, 12, 11, 17)
    assert calendar.add_working_days(at(2027, 2, 1, 7, 30), 5) == at(2027, 2, 12, 17)  # Tết 2027 (package): 4/2-10/2
    assert calendar.add_working_days(at(2027, 4, 26, 7, 30), 5) == at(2027, 5, 4, 17)  # 30/4 and 1/5 off
    assert calendar.add_working_days(at(2027, 4, 26, 7, 30), 2.5) == at(2027, 4, 28, 11, 30)  # a fraction goes on


def test_a_shorter_day_clamps_to_its_closing() -> None:
    calendar = WorkingCalendar(OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30"))
    assert calendar.add_working_days(at(2026, 3, 6, 15), 1) == at(2026, 3, 7, 11, 30)
    assert calendar.add_working_days(at(2026, 3, 6, 15), 2) == at(2026, 3, 9, 15)
    assert calendar.standard_day == timedelta(hours=8)


def test_fractional_days_are_parts_of_a_standard_day(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(at(2026, 3, 2, 9), 1.5) == at(2026, 3, 3, 14, 30)


def test_results_are_in_the_calendars_time_zone(calendar: WorkingCalendar) -> None:
    result = calendar.add_working_hours(datetime(2026, 3, 2, 2, tzinfo=UTC), 1)
    assert result == at(2026, 3, 2, 10)
    assert result.tzinfo == VN


def test_bad_input_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="naive"):
        calendar.add_working_hours(datetime(2026, 3, 2, 9), 1)
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_time(at(2026, 3, 2, 9), timedelta(hours=-1))
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_days(at(2026, 3, 2, 9), float("nan"))
