"""Statutory due moments: working days, same-day cutoff, "trong ngày", calendar days, handover, pauses."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from sla.calendar import WorkingCalendar
from sla.deadlines import HALF_WORKING_DAY, Duration, Timeliness, TimeUnit, due_moment, due_with_pauses, timeliness
from tests.unit.sla.moments import at

TEN_DAYS = Duration(10, TimeUnit.WORKING_DAYS)
WITHIN_THE_DAY = Duration(0, TimeUnit.WORKING_DAYS)


def test_durations_read_in_vietnamese() -> None:
    assert str(TEN_DAYS) == "10 ngày làm việc"
    assert str(Duration(4, TimeUnit.WORKING_HOURS)) == "4 giờ làm việc"
    assert str(Duration(30, TimeUnit.CALENDAR_DAYS)) == "30 ngày"
    assert str(HALF_WORKING_DAY) == "0,5 ngày làm việc"


def test_durations_are_checked() -> None:
    assert Duration(10, "working_days") == TEN_DAYS  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Duration(-1, TimeUnit.WORKING_DAYS)
    with pytest.raises(ValueError):
        Duration(1, "fortnights")  # type: ignore[arg-type]


def test_ten_working_days(calendar: WorkingCalendar) -> None:
    assert due_moment(calendar, at(2026, 3, 2, 9), TEN_DAYS) == at(2026, 3, 16, 9)
    assert due_moment(calendar, at(2026, 2, 13, 9), TEN_DAYS) == at(2026, 3, 6, 9)  # across Tết
    assert due_moment(calendar, at(2026, 3, 7, 10), TEN_DAYS) == at(2026, 3, 20, 17)  # a Saturday receipt: 9/3..20/3


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 2, 14, 59), at(2026, 3, 16, 14, 59)),
        (at(2026, 3, 2, 15), at(2026, 3, 16, 15)),  # at 15:00 is not after it
        (at(2026, 3, 2, 15, 0, 1), at(2026, 3, 16, 17)),  # after it: from 3/3, the tenth day is 16/3
        (at(2026, 3, 6, 16), at(2026, 3, 20, 17)),  # Friday after the cutoff counts from Monday 9/3
        (at(2026, 3, 2, 6), at(2026, 3, 13, 17)),  # before hours: 2/3 is the first day
    ],
)
def test_same_day_cutoff(calendar: WorkingCalendar, received: datetime, expected: datetime) -> None:
    assert due_moment(calendar, received, TEN_DAYS, same_day_cutoff=time(15)) == expected


def test_zero_working_days_is_the_end_of_the_day(calendar: WorkingCalendar) -> None:
    assert due_moment(calendar, at(2026, 3, 2, 9), WITHIN_THE_DAY) == at(2026, 3, 2, 17)
    assert due_moment(calendar, at(2026, 3, 2, 18), WITHIN_THE_DAY) == at(2026, 3, 3, 17)
    assert due_moment(calendar, at(2026, 3, 2, 16), WITHIN_THE_DAY, same_day_cutoff=time(15)) == at(2026, 3, 3, 17)


def test_calendar_days_landing_on_a_holiday_move_to_the_next_working_day(calendar: WorkingCalendar) -> None:
    thirty_days = Duration(30, TimeUnit.CALENDAR_DAYS)
    assert due_moment(calendar, at(2026, 3, 2, 9), thirty_days) == at(2026, 4, 1, 17)  # 3/3 is day 1, 1/4 day 30
    assert due_moment(calendar, at(2026, 3, 2, 16, 59), Duration(1, TimeUnit.CALENDAR_DAYS)) == at(2026, 3, 3, 17)
    assert due_moment(calendar, at(2026, 3, 6, 10), Duration(1, TimeUnit.CALENDAR_DAYS)) == at(2026, 3, 9, 17)
    # 31 March + 30 days is 30/4; 1/5 is a holiday too, then a weekend.
    assert due_moment(calendar, at(2026, 3, 31, 9), thirty_days) == at(2026, 5, 4, 17)


def test_half_day_handover(calendar: WorkingCalendar) -> None:
    # 10:00-11:30 is 1.5 hours, the other 2.5 hours after the lunch break (11:30-13:00).
    assert due_moment(calendar, at(2026, 3, 2, 10), HALF_WORKING_DAY) == at(2026, 3, 2, 15, 30)
    assert due_moment(calendar, at(2026, 3, 2, 15), HALF_WORKING_DAY) == at(2026, 3, 3, 9, 30)
    assert due_moment(calendar, at(2026, 3, 2, 10), Duration(4, TimeUnit.WORKING_HOURS)) == at(2026, 3, 2, 15, 30)


def test_pauses_push_the_due_moment(calendar: WorkingCalendar) -> None:
    received = at(2026, 3, 2, 9)
    supplement = (at(2026, 3, 4, 9), at(2026, 3, 6, 9))
    assert due_with_pauses(calendar, received, TEN_DAYS, []) == at(2026, 3, 16, 9)
    assert due_with_pauses(calendar, received, TEN_DAYS, [supplement]) == at(2026, 3, 18, 9)
    # A second pause that begins after the first due moment but before the pushed one counts too.
    second = (at(2026, 3, 17, 9), at(2026, 3, 18, 9))
    assert due_with_pauses(calendar, received, TEN_DAYS, [second, supplement]) == at(2026, 3, 19, 9)


def test_a_pause_across_the_due_moment_adds_all_it_covered(calendar: WorkingCalendar) -> None:
    pause = (at(2026, 3, 13, 9), at(2026, 3, 20, 9))
    assert due_with_pauses(calendar, at(2026, 3, 2, 9), TEN_DAYS, [pause]) == at(2026, 3, 23, 9)


def test_pauses_after_the_due_moment_or_before_the_start_do_not_count(calendar: WorkingCalendar) -> None:
    pauses = [(at(2026, 3, 16, 9), at(2026, 3, 20, 9)), (at(2026, 2, 1), at(2026, 3, 2, 9))]
    assert due_with_pauses(calendar, at(2026, 3, 2, 9), TEN_DAYS, pauses) == at(2026, 3, 16, 9)


def test_an_open_pause_leaves_the_due_moment_unknown(calendar: WorkingCalendar) -> None:
    pauses = [(at(2026, 3, 4, 9), at(2026, 3, 5, 9)), (at(2026, 3, 6, 9), None)]
    assert due_with_pauses(calendar, at(2026, 3, 2, 9), TEN_DAYS, pauses) is None


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (at(2026, 12, 7, 16), Timeliness.EARLY),  # a day before the due day
        (datetime(2026, 12, 7, 23, 30, tzinfo=UTC), Timeliness.ON_TIME),  # 06:30 on 8/12 in Hà Nội
        (at(2026, 12, 8, 7, 30), Timeliness.ON_TIME),
        (at(2026, 12, 8, 17), Timeliness.ON_TIME),  # the last day's closing is still in time
        (at(2026, 12, 8, 17, 0, 1), Timeliness.LATE),
        (at(2026, 12, 8, 17, 30), Timeliness.LATE),  # once the last day has closed
        (at(2026, 12, 9, 7, 30), Timeliness.LATE),
    ],
)
def test_early_on_time_and_late_are_decided_on_instants(calendar: WorkingCalendar, done, expected) -> None:
    due = due_moment(calendar, at(2026, 12, 5, 10), Duration(2, TimeUnit.WORKING_DAYS))  # received on a Saturday
    assert due == at(2026, 12, 8, 17)
    assert timeliness(done, due, calendar.tz) is expected
    assert timeliness(done, None, calendar.tz) is Timeliness.ON_TIME
