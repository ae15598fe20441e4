"""A counter's reception hours: grouped for reading, and the next moment it opens (holidays closed, make-up days
full)."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from sla.calendar import CalendarOverride, WorkingCalendar
from sla.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, OfficeHoursError, grouped
from sla.reception import is_reception_time, next_reception_moment, reception_intervals

SATURDAY_MORNING = OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30")
MORNING, DAY = (time(7, 30), time(11, 30)), ((time(7, 30), time(11, 30)), (time(13), time(17)))


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def test_consecutive_days_with_the_same_hours_are_grouped() -> None:
    assert grouped(SATURDAY_MORNING) == [(0, 4, DAY), (5, 5, (MORNING,))]
    assert grouped(OfficeHours.parse("mon,tue 08:00-12:00; wed 13:00-17:00; fri 08:00-12:00")) == [
        (0, 1, ((time(8), time(12)),)),
        (2, 2, ((time(13), time(17)),)),
        (4, 4, ((time(8), time(12)),)),
    ]
    assert grouped(DEFAULT_OFFICE_HOURS) == [(0, 4, DAY)]


def test_a_bad_text_says_which_part_and_what_is_wrong() -> None:
    with pytest.raises(OfficeHoursError) as error:
        OfficeHours.parse("mon-fri 07:30-11:30; sa 07:30-11:30")
    assert (error.value.problem, error.value.part) == ("bad_day", "sa")
    with pytest.raises(OfficeHoursError) as overlap:
        OfficeHours.parse("sat 07:30-11:30 11:00-12:00")
    assert overlap.value.problem == "overlap"


def test_a_saturday_counter_opens_saturday_morning_and_then_monday() -> None:
    calendar = WorkingCalendar()
    assert next_reception_moment(calendar, SATURDAY_MORNING, at("2026-12-04T17:30")) == at("2026-12-05T07:30")
    assert next_reception_moment(calendar, SATURDAY_MORNING, at("2026-12-05T09:00")) == at("2026-12-05T09:00")
    assert next_reception_moment(calendar, SATURDAY_MORNING, at("2026-12-05T11:30")) == at("2026-12-07T07:30")
    assert next_reception_moment(calendar, DEFAULT_OFFICE_HOURS, at("2026-12-04T17:30")) == at("2026-12-07T07:30")
    assert is_reception_time(calendar, SATURDAY_MORNING, at("2026-12-05T09:00"))
    assert not calendar.is_working_time(at("2026-12-05T09:00"))  # the calendar, and deadlines, stay as they were


def test_holidays_close_the_counter_and_make_up_days_open_it_all_day() -> None:
    calendar = WorkingCalendar()
    # New Year's Day 2027 is a Friday: the counter opens again on Saturday morning
    assert next_reception_moment(calendar, SATURDAY_MORNING, at("2026-12-31T17:00")) == at("2027-01-02T07:30")
    # 22/8/2026 is a make-up working Saturday: a full working day, afternoon included
    assert len(reception_intervals(calendar, SATURDAY_MORNING, datetime(2026, 8, 22).date())) == 2
    closed = WorkingCalendar(overrides=[CalendarOverride(datetime(2026, 12, 7).date(), working=False, note="Bão")])
    assert next_reception_moment(closed, SATURDAY_MORNING, at("2026-12-05T12:00")) == at("2026-12-08T07:30")
