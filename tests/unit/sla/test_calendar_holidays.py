"""Which days are working days: weekends, Vietnamese public holidays, make-up Saturdays, overrides."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from sla.calendar import CalendarOverride, WorkingCalendar
from sla.office_hours import OfficeHours
from tests.unit.sla.moments import VN


@pytest.mark.parametrize(
    "day",
    [
        *(date(2026, 2, day) for day in range(16, 21)),  # Tết Bính Ngọ
        date(2026, 1, 1),
        date(2026, 4, 27),  # Hùng Kings, observed for Sunday 26/4
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # swapped with Saturday 22/8
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 11, 24),  # Ngày Văn hóa Việt Nam
    ],
)
def test_public_holidays_are_closed(calendar: WorkingCalendar, day: date) -> None:
    assert not calendar.is_working_day(day)
    assert calendar.holiday_name(day)


def test_holiday_names_are_vietnamese(calendar: WorkingCalendar) -> None:
    assert calendar.holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert calendar.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert calendar.holiday_name(date(2026, 2, 23)) is None


def test_ordinary_days(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2026, 2, 13))
    assert calendar.is_working_day(date(2026, 2, 23))
    assert not calendar.is_working_day(date(2026, 2, 14))  # Saturday
    assert calendar.holiday_name(date(2026, 2, 14)) is None


def test_make_up_saturday_works_with_mondays_hours(calendar: WorkingCalendar) -> None:
    saturday = date(2026, 8, 22)
    assert calendar.is_working_day(saturday)
    assert calendar.is_working_time(datetime.combine(saturday, time(7, 30), VN))
    assert calendar.office_intervals(saturday)[-1][1] == datetime(2026, 8, 22, 17, tzinfo=VN)
    assert calendar.next_working_day(date(2026, 8, 21)) == saturday
    assert calendar.next_working_day(saturday) == date(2026, 8, 24)


def test_a_make_up_saturday_is_a_full_day_where_saturday_counters_open_in_the_morning() -> None:
    calendar = WorkingCalendar(
        OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30"),
        overrides=[CalendarOverride(date(2026, 3, 7), working=True, note="Làm bù")],
    )
    assert calendar.office_intervals(date(2026, 3, 14))[-1][1] == datetime(2026, 3, 14, 11, 30, tzinfo=VN)
    for saturday in (date(2026, 3, 7), date(2026, 8, 22)):  # recorded by the province; the government's
        assert calendar.office_intervals(saturday)[-1][1] == datetime.combine(saturday, time(17), VN)
    assert calendar.add_working_hours(datetime(2026, 3, 7, 11, tzinfo=VN), 2) == datetime(2026, 3, 7, 14, 30, tzinfo=VN)


def test_overrides_win_over_everything() -> None:
    calendar = WorkingCalendar(
        overrides=[
            CalendarOverride(date(2026, 3, 2), working=False, note="Lễ hội tỉnh"),
            CalendarOverride(date(2026, 3, 7), working=True, note="Làm bù"),
            CalendarOverride(date(2026, 8, 22), working=False),
            CalendarOverride(date(2026, 9, 1), working=True),
        ]
    )
    assert not calendar.is_working_day(date(2026, 3, 2))
    assert calendar.holiday_name(date(2026, 3, 2)) == "Lễ hội tỉnh"
    assert calendar.is_working_day(date(2026, 3, 7))
    assert calendar.office_intervals(date(2026, 3, 7))[0][0] == datetime(2026, 3, 7, 7, 30, tzinfo=VN)
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.holiday_name(date(2026, 8, 22)) == "Ngày nghỉ"
    assert calendar.is_working_day(date(2026, 9, 1))
    assert calendar.holiday_name(date(2026, 9, 1)) is None
    friday = datetime(2026, 2, 27, 16, tzinfo=VN)
    assert calendar.add_working_days(friday, 1) == datetime(2026, 3, 3, 16, tzinfo=VN)
    assert calendar.add_working_days(datetime(2026, 3, 6, 16, tzinfo=VN), 1) == datetime(2026, 3, 7, 16, tzinfo=VN)


def test_years_outside_the_calendar_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="1990-2100"):
        calendar.add_working_days(datetime(1985, 1, 1, tzinfo=VN), 1)
    with pytest.raises(ValueError, match="2100"):
        calendar.add_working_days(datetime(2100, 12, 1, tzinfo=VN), 60)
