"""Laws the calendar keeps for any moment and amount (hypothesis), whatever the input's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from sla.calendar import WorkingCalendar
from sla.deadlines import Duration, TimeUnit, counting_start, due_with_pauses

CALENDAR = WorkingCalendar()
ZONES = [UTC, ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")]

moments = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.sampled_from(ZONES)
).map(lambda moment: moment.astimezone(UTC))
working_moments = moments.map(CALENDAR.next_working_moment)
amounts = st.integers(min_value=0, max_value=10_000).map(lambda minutes: timedelta(minutes=minutes))
law = settings(max_examples=200, deadline=None)


@law
@given(working_moments, st.integers(min_value=0, max_value=200))
def test_whole_working_days_measure_back(start: datetime, days: int) -> None:
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, days)) == days


@law
@given(moments, amounts)
def test_added_working_time_measures_back(start: datetime, amount: timedelta) -> None:
    assert CALENDAR.working_time_between(start, CALENDAR.add_working_time(start, amount)) == amount


@law
@given(moments, moments, amounts)
def test_adding_is_monotonic_in_the_start(first: datetime, second: datetime, amount: timedelta) -> None:
    first, second = sorted((first, second))
    assert CALENDAR.add_working_time(first, amount) <= CALENDAR.add_working_time(second, amount)


@law
@given(moments, amounts, amounts)
def test_adding_is_monotonic_in_the_amount(start: datetime, smaller: timedelta, larger: timedelta) -> None:
    smaller, larger = sorted((smaller, larger))
    assert CALENDAR.add_working_time(start, smaller) <= CALENDAR.add_working_time(start, larger)


@law
@given(moments, amounts.filter(bool))
def test_results_never_fall_in_a_closed_period(start: datetime, amount: timedelta) -> None:
    result = CALENDAR.add_working_time(start, amount)
    closings = [end for _, end in CALENDAR.office_intervals(result.date())]
    assert CALENDAR.is_working_time(result) or result in closings


# Pauses near the start: up to 30 days after it, up to about two working weeks long.
pause_offsets = st.lists(
    st.tuples(st.integers(min_value=0, max_value=43_200), st.integers(min_value=0, max_value=20_000)), max_size=4
)


@law
@given(moments, st.integers(min_value=0, max_value=60), pause_offsets)
def test_pauses_only_push_the_due_moment_later(start: datetime, days: int, offsets: list[tuple[int, int]]) -> None:
    duration = Duration(days, TimeUnit.WORKING_DAYS)
    pauses = [
        (start + timedelta(minutes=after), start + timedelta(minutes=after + length)) for after, length in offsets
    ]
    unpaused = due_with_pauses(CALENDAR, start, duration, [])
    paused = due_with_pauses(CALENDAR, start, duration, pauses)
    assert unpaused is not None and paused is not None
    for fewer in range(len(pauses)):
        partly = due_with_pauses(CALENDAR, start, duration, pauses[:fewer])
        assert partly is not None and unpaused <= partly <= paused
    # The budget left outside the pauses is exactly the unpaused one.
    begin = counting_start(CALENDAR, start)
    assert CALENDAR.working_time_between(begin, paused, pauses) == CALENDAR.working_time_between(begin, unpaused)
