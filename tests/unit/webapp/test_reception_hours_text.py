"""Reception hours as people read them: runs of days with the same hours, each interval with an en dash."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sla.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from webapp.hours import WEEKDAYS, WEEKDAYS_IN_TEXT, hours_text, intervals_text


def test_consecutive_days_are_one_run_and_saturday_its_own():
    hours = OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30")
    assert hours_text(hours) == "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy: 07:30–11:30"
    assert hours_text(DEFAULT_OFFICE_HOURS) == "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00"


def test_days_apart_or_with_other_hours_are_said_apart():
    hours = OfficeHours.parse("mon,wed 08:00-12:00; tue 13:00-17:00; sun 07:00-09:00")
    assert hours_text(hours) == (
        "Thứ Hai: 08:00–12:00; Thứ Ba: 13:00–17:00; Thứ Tư: 08:00–12:00; Chủ nhật: 07:00–09:00"
    )


def test_intervals_of_a_day_read_in_local_time():
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    day = [(datetime(2026, 12, 5, 7, 30, tzinfo=tz), datetime(2026, 12, 5, 11, 30, tzinfo=tz))]
    assert intervals_text(day) == "07:30–11:30"
    assert intervals_text([(time(13), time(17))]) == "13:00–17:00"


def test_every_weekday_has_a_name_for_headings_and_for_sentences():
    assert str(WEEKDAYS[6]) == "Chủ nhật" and len(WEEKDAYS) == len(WEEKDAYS_IN_TEXT) == 7
    assert str(WEEKDAYS_IN_TEXT[0]) == "thứ Hai"
