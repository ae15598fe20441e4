"""The last announced year of the holiday data is the one the pinned package holds announcements for."""

from __future__ import annotations

from datetime import date

from holidays.countries.vietnam import VietnamStaticHolidays

from sla.calendar import HOLIDAYS_ANNOUNCED_THROUGH, public_calendar


def test_the_announced_years_end_where_the_pinned_data_ends():
    # A new release of the package with a later year's announcement must move the constant (and what shows estimated).
    assert max(VietnamStaticHolidays.special_public_holidays) == HOLIDAYS_ANNOUNCED_THROUGH == 2026


def test_the_announced_2026_tet_and_the_estimated_2027_one():
    holidays_2026, makeup_2026 = public_calendar(2026)
    assert sorted(day.day for day in holidays_2026 if day.month == 2) == [16, 17, 18, 19, 20]  # Mon-Fri, 14-22/2 off
    assert makeup_2026 == {date(2026, 8, 22)}  # for Monday 31/8
    holidays_2027, makeup_2027 = public_calendar(2027)
    assert sorted(day.day for day in holidays_2027 if day.month == 2) == [4, 5, 6, 7, 8, 9, 10]  # 29 Tết to mùng 5
    assert not makeup_2027  # no swap decided yet
