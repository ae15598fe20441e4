"""Deadlines counted by hand on a printed calendar of 2026 and 2027, around every public holiday.

Days off (holidays 0.109, with weekends): Tết 2026 Sat 14/2-Sun 22/2 (holidays Mon 16-Fri 20); Hùng Kings Sun 26/4/2026
observed Mon 27/4; 30/4-1/5/2026 Thu-Fri, with the weekend 30/4-3/5; 2/9/2026 Wed with 1/9, and Mon 31/8 swapped for
the make-up Saturday 22/8 (29/8-2/9 off); 24/11/2026 Tue; New Year Fri 1/1/2027 (1-3/1 off); Tết 2027 (estimate,
lunar new year Sat 6/2) Thu 4/2-Wed 10/2; Hùng Kings Fri 16/4/2027; 30/4/2027 Fri, 1/5 Sat observed Mon 3/5
(30/4-3/5 off); 2/9/2027 Thu with Fri 3/9 (2-5/9 off); 24/11/2027 Wed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from sla.calendar import CalendarOverride, WorkingCalendar
from sla.deadlines import Duration, Timeliness, TimeUnit, due_moment, due_with_pauses, pushed_by_pause, timeliness
from sla.handover import HandoverRule, HandoverRules, handover_due
from sla.office_hours import OfficeHours
from tests.unit.sla.moments import VN, at

CUTOFF = time(15)
SAME_DAY, HALF_DAY = HandoverRule.SAME_DAY, HandoverRule.HALF_DAY
SATURDAY_MORNINGS = WorkingCalendar(OfficeHours.parse("mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30"))


def days(amount: float) -> Duration:
    return Duration(amount, TimeUnit.WORKING_DAYS)


def hours(amount: float) -> Duration:
    return Duration(amount, TimeUnit.WORKING_HOURS)


def calendar_days(amount: float) -> Duration:
    return Duration(amount, TimeUnit.CALENDAR_DAYS)


WEEKDAYS_OFF = {
    2026: {
        date(2026, 1, 1),
        *(date(2026, 2, day) for day in range(16, 21)),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 11, 24),
    },
    2027: {
        date(2027, 1, 1),
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
        date(2027, 4, 16),
        date(2027, 4, 30),
        date(2027, 5, 3),
        date(2027, 9, 2),
        date(2027, 9, 3),
        date(2027, 11, 24),
    },
}
WORKING_WEEKENDS = {2026: {date(2026, 8, 22)}, 2027: set()}


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_days_off_of_the_year_are_those_counted_by_hand(calendar: WorkingCalendar, year: int) -> None:
    every_day = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    assert {day for day in every_day if day.weekday() < 5 and not calendar.is_working_day(day)} == WEEKDAYS_OFF[year]
    assert {day for day in every_day if day.weekday() >= 5 and calendar.is_working_day(day)} == WORKING_WEEKENDS[year]


def test_vietnamese_culture_day_is_off_from_2026_only(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2025, 11, 24))  # Monday 24/11/2025: the day was created for 2026 on


@pytest.mark.parametrize(
    ("received", "amount", "expected"),
    [
        # Tết 2026: Sat 14/2 - Sun 22/2 off
        (at(2026, 2, 13, 10), 3, at(2026, 2, 25, 10)),  # Fri 13/2 10:00: 1=23, 2=24, 3=25 -> 25/2 10:00
        (at(2026, 2, 13, 6, 45), 2, at(2026, 2, 23, 17)),  # before opening: 1=13, 2=23 -> 23/2 17:00
        (at(2026, 2, 14, 9), 1, at(2026, 2, 23, 17)),  # Sat 14/2 (Tết break): 1=23 -> 23/2 17:00
        (at(2026, 2, 17, 10), 5, at(2026, 2, 27, 17)),  # mùng 1 Tue 17/2: 1=23 .. 5=27 -> 27/2 17:00
        (at(2026, 2, 18, 10), 0.5, at(2026, 2, 23, 11, 30)),  # on a Tết day: 4 h from 07:30 Mon 23/2
        (at(2026, 2, 12, 16), 1.5, at(2026, 2, 23, 10, 30)),  # 1 day -> Fri 13/2 16:00, +4 h: 1 h Fri, 3 h Mon
        # Hùng Kings Sun 26/4/2026 (observed Mon 27/4), 30/4-3/5/2026
        (at(2026, 4, 24, 10), 3, at(2026, 5, 4, 10)),  # Fri 24/4: 1=Tue 28/4, 2=Wed 29/4, 3=Mon 4/5 -> 10:00
        (at(2026, 4, 29, 17, 1), 1, at(2026, 5, 4, 17)),  # Wed 29/4 after 17:00: 1=Mon 4/5 -> 17:00
        (at(2026, 4, 26, 9), 2, at(2026, 4, 29, 17)),  # on Sun 26/4 (Hùng Kings): 1=28/4, 2=29/4 -> 17:00
        # 2/9/2026: make-up Sat 22/8, Mon 31/8 - Wed 2/9 off
        (at(2026, 8, 21, 10), 1, at(2026, 8, 22, 10)),  # Fri 21/8: 1=Sat 22/8 (make-up) -> 22/8 10:00
        (at(2026, 8, 21, 18), 1, at(2026, 8, 22, 17)),  # Fri 21/8 after hours: 1=Sat 22/8 -> 22/8 17:00
        (at(2026, 8, 28, 10), 2, at(2026, 9, 4, 10)),  # Fri 28/8: 1=Thu 3/9, 2=Fri 4/9 -> 4/9 10:00
        (at(2026, 8, 31, 9), 1, at(2026, 9, 3, 17)),  # on the swapped day Mon 31/8: 1=Thu 3/9 -> 17:00
        (at(2026, 8, 22, 15), 0.5, at(2026, 8, 24, 9, 30)),  # 2 h Sat 22/8 15:00-17:00, 2 h Mon 24/8
        # 24/11 Ngày Văn hóa Việt Nam
        (at(2026, 11, 23, 9), 1, at(2026, 11, 25, 9)),  # Mon 23/11/2026: 1=Wed 25/11 -> 09:00
        # New Year 2027: Fri 1/1 - Sun 3/1 off
        (at(2027, 1, 1, 10), 2, at(2027, 1, 5, 17)),  # on 1/1: 1=Mon 4/1, 2=Tue 5/1 -> 17:00
        # Tết 2027 (package's estimate): Thu 4/2 - Wed 10/2 off
        (at(2027, 2, 3, 10), 3, at(2027, 2, 15, 10)),  # Wed 3/2: 1=Thu 11/2, 2=Fri 12/2, 3=Mon 15/2 -> 10:00
        (at(2027, 2, 3, 7), 1, at(2027, 2, 3, 17)),  # before opening: 1=Wed 3/2 -> 3/2 17:00
        (at(2027, 2, 3, 17, 30), 1, at(2027, 2, 11, 17)),  # after hours: 1=Thu 11/2 -> 17:00
        (at(2027, 2, 6, 9), 2, at(2027, 2, 12, 17)),  # on mùng 1 Sat 6/2: 1=11/2, 2=12/2 -> 12/2 17:00
        # Hùng Kings Fri 16/4/2027, 30/4-3/5/2027, 2/9-5/9/2027
        (at(2027, 4, 15, 14), 1, at(2027, 4, 19, 14)),  # Thu 15/4: 1=Mon 19/4 -> 14:00
        (at(2027, 4, 29, 9), 1, at(2027, 5, 4, 9)),  # Thu 29/4: 30/4, Sat 1/5, Sun, Mon 3/5 off: 1=Tue 4/5
        (at(2027, 9, 1, 9), 1, at(2027, 9, 6, 9)),  # Wed 1/9: 2/9, 3/9, weekend off: 1=Mon 6/9 -> 09:00
    ],
)
def test_add_working_days(calendar: WorkingCalendar, received: datetime, amount: float, expected: datetime) -> None:
    assert calendar.add_working_days(received, amount) == expected


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        (at(2026, 8, 28, 10), days(10), at(2026, 9, 16, 10)),  # Fri 28/8: 3,4,7..11,14,15,16/9 -> 16/9 10:00
        (at(2027, 1, 29, 9), days(10), at(2027, 2, 19, 9)),  # Fri 29/1: 1..3/2, 11,12,15..19/2 -> 19/2 09:00
        (at(2026, 2, 13, 16), hours(8), at(2026, 2, 23, 16)),  # 1 h Fri 13/2, 4 h + 3 h Mon 23/2 -> 16:00
        (at(2026, 12, 31, 9), hours(16), at(2027, 1, 5, 9)),  # 6.5 h Thu 31/12, 8 h Mon 4/1, 1.5 h Tue 5/1
        (at(2027, 2, 3, 13), hours(4), at(2027, 2, 3, 17)),  # 13:00 + 4 h ends at 17:00 on 3/2, not 11/2
        # zero working days: the closing of the day the clock starts
        (at(2026, 2, 13, 17, 30), days(0), at(2026, 2, 23, 17)),  # after hours before Tết: Mon 23/2
        (at(2026, 8, 22, 10), days(0), at(2026, 8, 22, 17)),  # make-up Sat 22/8 is a working day
        # calendar days (Civil Code 147-148): day 1 is the day after receipt; a last day off moves to the next
        (at(2026, 2, 13, 10), calendar_days(1), at(2026, 2, 23, 17)),  # 1=Sat 14/2 off -> Mon 23/2
        (at(2026, 4, 16, 9), calendar_days(10), at(2026, 4, 28, 17)),  # 10=Sun 26/4, Mon 27/4 observed -> 28/4
        (at(2026, 4, 29, 16), calendar_days(1), at(2026, 5, 4, 17)),  # 1=30/4, then 1/5 and weekend -> 4/5
        (at(2026, 8, 21, 10), calendar_days(1), at(2026, 8, 22, 17)),  # 1=Sat 22/8, a make-up working day
        (at(2026, 8, 17, 9), calendar_days(14), at(2026, 9, 3, 17)),  # 14=Mon 31/8; 1/9, 2/9 off -> Thu 3/9
        (at(2026, 12, 2, 9), calendar_days(30), at(2027, 1, 4, 17)),  # 30=Fri 1/1/2027 off -> Mon 4/1
        (at(2027, 1, 22, 9), calendar_days(15), at(2027, 2, 11, 17)),  # 15=Sat 6/2 (Tết) -> Thu 11/2
        (at(2027, 8, 31, 22), calendar_days(2), at(2027, 9, 6, 17)),  # 2=Thu 2/9 off, 3/9 off, weekend -> 6/9
        (datetime(2026, 3, 9, 17, 30, tzinfo=UTC), calendar_days(1), at(2026, 3, 11, 17)),  # 00:30 Tue 10/3 VN
        (at(2026, 2, 17, 10), calendar_days(0), at(2026, 2, 23, 17)),  # 0 on a Tết day: the next working day
    ],
)
def test_due_moment(calendar: WorkingCalendar, received: datetime, duration: Duration, expected: datetime) -> None:
    assert due_moment(calendar, received, duration) == expected


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        (at(2026, 2, 13, 16), days(3), at(2026, 2, 25, 17)),  # Fri 13/2 16:00 -> from Mon 23/2: 1=23, 2=24, 3=25
        (at(2026, 2, 13, 15), days(3), at(2026, 2, 25, 15)),  # 15:00 counts on 13/2, position kept: 23, 24, 25
        (at(2026, 2, 13, 15, 0, 1), days(3), at(2026, 2, 25, 17)),  # 15:00:01 -> from 23/2: 1=23, 2=24, 3=25
        (at(2027, 2, 3, 15, 0, 1), days(1), at(2027, 2, 11, 17)),  # from Thu 11/2 (Tết 2027): 1=11/2
        (at(2026, 11, 23, 15), days(0), at(2026, 11, 23, 17)),  # 15:00 exactly: within Mon 23/11
        (at(2026, 11, 23, 15, 0, 1), days(0), at(2026, 11, 25, 17)),  # after: 24/11 off -> within Wed 25/11
        (at(2026, 12, 31, 15, 0, 1), days(0), at(2027, 1, 4, 17)),  # after: within Mon 4/1/2027
    ],
)
def test_due_moment_with_the_same_day_cutoff(calendar, received, duration, expected) -> None:
    assert due_moment(calendar, received, duration, same_day_cutoff=CUTOFF) == expected


def test_calendar_days_after_the_cutoff_count_from_the_next_working_day(calendar: WorkingCalendar) -> None:
    # Fri 13/2 16:00, after 15:00 -> received Mon 23/2: day 1 = Tue 24/2 -> 24/2 17:00
    assert due_moment(calendar, at(2026, 2, 13, 16), calendar_days(1), same_day_cutoff=CUTOFF) == at(2026, 2, 24, 17)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 2, 13, 12), at(2026, 2, 13, 17)),  # the day before Tết, at lunch: that day
        (at(2026, 2, 13, 15), at(2026, 2, 13, 17)),  # at 15:00: that day
        (at(2026, 2, 13, 15, 0, 1), at(2026, 2, 23, 11, 30)),  # after 15:00: the next working morning, after Tết
        (at(2026, 2, 19, 10), at(2026, 2, 23, 11, 30)),  # on mùng 3: Mon 23/2 morning
        (at(2026, 4, 24, 16), at(2026, 4, 28, 11, 30)),  # Fri 24/4, Hùng Kings eve: 25-27/4 off -> Tue 28/4
        (at(2026, 4, 29, 15, 0, 1), at(2026, 5, 4, 11, 30)),  # eve of 30/4/2026 -> Mon 4/5
        (at(2026, 8, 28, 16), at(2026, 9, 3, 11, 30)),  # Fri 28/8: 29/8-2/9 off -> Thu 3/9
        (at(2026, 12, 31, 15, 30), at(2027, 1, 4, 11, 30)),  # New Year's Eve -> Mon 4/1/2027
        (at(2027, 2, 3, 15), at(2027, 2, 3, 17)),  # the day before Tết 2027, at 15:00: that day
        (at(2027, 4, 15, 16), at(2027, 4, 19, 11, 30)),  # eve of Hùng Kings 2027 -> Mon 19/4
        (at(2027, 9, 1, 17, 15), at(2027, 9, 6, 11, 30)),  # after hours on the eve of 2/9/2027 -> Mon 6/9
    ],
)
def test_same_day_handover(calendar: WorkingCalendar, received: datetime, expected: datetime) -> None:
    assert handover_due(calendar, received, SAME_DAY) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 2, 13, 10), at(2026, 2, 13, 15, 30)),  # 1.5 h to 11:30, 2.5 h from 13:00: before Tết
        (at(2026, 2, 13, 15), at(2026, 2, 23, 9, 30)),  # 2 h Fri 13/2, 2 h Mon 23/2
        (at(2026, 2, 20, 9), at(2026, 2, 23, 11, 30)),  # on mùng 4: 4 h from Mon 23/2 07:30
        (at(2026, 4, 29, 14), at(2026, 5, 4, 8, 30)),  # 3 h Wed 29/4, 1 h Mon 4/5
        (at(2026, 11, 23, 16, 30), at(2026, 11, 25, 11)),  # 0.5 h Mon 23/11, 3.5 h Wed 25/11
        (at(2026, 12, 31, 15), at(2027, 1, 4, 9, 30)),  # 2 h Thu 31/12, 2 h Mon 4/1/2027
        (at(2027, 2, 3, 16), at(2027, 2, 11, 10, 30)),  # 1 h Wed 3/2, 3 h Thu 11/2
    ],
)
def test_half_day_handover(calendar: WorkingCalendar, received: datetime, expected: datetime) -> None:
    assert handover_due(calendar, received, HALF_DAY) == expected


@pytest.mark.parametrize(
    ("received", "rule", "expected"),
    [
        (at(2025, 6, 30, 16), HALF_DAY, at(2025, 7, 1, 10, 30)),  # last day of the old rule: 1 h + 3 h
        (at(2025, 7, 1, 16), SAME_DAY, at(2025, 7, 2, 11, 30)),  # Decree 118 from Tue 1/7/2025
        (at(2026, 12, 31, 16), SAME_DAY, at(2027, 1, 4, 11, 30)),  # the last day of same_day
        (datetime(2026, 12, 31, 17, 30, tzinfo=UTC), HALF_DAY, at(2027, 1, 4, 11, 30)),  # 00:30 1/1/2027 in VN
        (at(2027, 1, 4, 9), HALF_DAY, at(2027, 1, 4, 14, 30)),  # 2.5 h to 11:30, 1.5 h from 13:00
    ],
)
def test_the_rule_in_force_on_the_local_day_of_receipt(calendar, received, rule, expected) -> None:
    rules = HandoverRules.parse("half_day; 2025-07-01 same_day; 2027-01-01 half_day")
    assert rules.in_force(calendar.local(received).date()) is rule
    assert handover_due(calendar, received, rule) == expected


FIVE_DAYS = days(5)


@pytest.mark.parametrize(
    ("received", "duration", "pauses", "expected"),
    [
        # Mon 9/2/2026 09:00 + 5 days: 10, 11, 12, 13, 23 -> 23/2 09:00
        (at(2026, 2, 9, 9), FIVE_DAYS, [], at(2026, 2, 23, 9)),
        # pause Thu 12/2 09:00 - Tue 24/2 09:00 covers 6.5 + 8 + 8 + 1.5 = 24 h = 3 days -> 26/2 09:00
        (at(2026, 2, 9, 9), FIVE_DAYS, [(at(2026, 2, 12, 9), at(2026, 2, 24, 9))], at(2026, 2, 26, 9)),
        # a pause within the Tết break covers no office time
        (at(2026, 2, 9, 9), FIVE_DAYS, [(at(2026, 2, 15, 8), at(2026, 2, 22, 20))], at(2026, 2, 23, 9)),
        # begun after the due moment (3 days -> Thu 12/2 09:00): moves nothing
        (at(2026, 2, 9, 9), days(3), [(at(2026, 2, 13, 10), at(2026, 2, 24, 10))], at(2026, 2, 12, 9)),
        # Mon 1/2/2027 10:00 + 3 days -> Thu 11/2 10:00; pause Wed 3/2 15:00 - Thu 11/2 09:00 = 2 + 1.5 h -> 15:00
        (at(2027, 2, 1, 10), days(3), [(at(2027, 2, 3, 15), at(2027, 2, 11, 9))], at(2027, 2, 11, 15)),
        # Mon 17/8/2026 + 10 days (Sat 22/8 is day 5) -> Fri 28/8 09:00; pause Fri 21/8 09:00 - Mon 24/8 09:00
        # = 6.5 + 8 (make-up Sat) + 1.5 = 16 h = 2 days; 29/8-2/9 off -> Fri 4/9 09:00
        (at(2026, 8, 17, 9), days(10), [(at(2026, 8, 21, 9), at(2026, 8, 24, 9))], at(2026, 9, 4, 9)),
        # an open pause across Tết: unknown
        (at(2026, 2, 9, 9), FIVE_DAYS, [(at(2026, 2, 12, 9), None)], None),
    ],
)
def test_due_with_pauses(calendar, received, duration, pauses, expected) -> None:
    assert due_with_pauses(calendar, received, duration, pauses) == expected


@pytest.mark.parametrize(
    ("pause_start", "pause_end", "expected"),
    [
        (at(2026, 2, 13, 16), at(2026, 2, 23, 9), at(2026, 2, 23, 10)),  # 1 h Fri + 1.5 h Mon -> 23/2 10:00
        (at(2026, 2, 14, 9), at(2026, 2, 23, 10), at(2026, 2, 13, 17)),  # begun Sat 14/2, after the due: nothing
        (at(2026, 2, 13, 17), at(2026, 2, 24, 9), at(2026, 2, 13, 17)),  # begun at the due moment: nothing
    ],
)
def test_pushed_by_pause_before_tet(calendar, pause_start, pause_end, expected) -> None:
    assert pushed_by_pause(calendar, at(2026, 2, 13, 17), pause_start, pause_end) == expected


TET_DUE = at(2026, 2, 25, 17)  # Fri 13/2 16:00 + 3 days after the cut-off: 23, 24, 25 -> 25/2 17:00


@pytest.mark.parametrize(
    ("done", "tz", "expected"),
    [
        (at(2026, 2, 25, 17, 30), VN, Timeliness.LATE),  # 17:30 on the due day, after 17:00
        (at(2026, 2, 25, 17), VN, Timeliness.ON_TIME),  # exactly at the due moment
        (at(2026, 2, 24, 16), VN, Timeliness.EARLY),  # the day before the due day
        (datetime(2026, 2, 24, 17, tzinfo=UTC), VN, Timeliness.ON_TIME),  # 00:00 25/2 in VN: the due day
        (datetime(2026, 2, 24, 16, 59, 59, tzinfo=UTC), VN, Timeliness.EARLY),  # 23:59:59 24/2 in VN
        (datetime(2026, 2, 25, 10, 0, 1, tzinfo=UTC), VN, Timeliness.LATE),  # 17:00:01 25/2 in VN
        (at(2026, 2, 25, 0, 30), UTC, Timeliness.EARLY),  # 17:30 24/2 in UTC: judged in UTC it looks early
    ],
)
def test_timeliness(calendar: WorkingCalendar, done: datetime, tz, expected: Timeliness) -> None:
    assert due_moment(calendar, at(2026, 2, 13, 16), days(3), same_day_cutoff=CUTOFF) == TET_DUE
    assert timeliness(done, TET_DUE.astimezone(UTC), tz) is expected


@pytest.mark.parametrize(
    ("start", "end", "pauses", "expected"),
    [
        (at(2026, 2, 12, 17), at(2026, 2, 23, 17), [], 2),  # 13/2 and 23/2
        (at(2026, 2, 13, 16), at(2026, 2, 23, 12), [], 0.625),  # 1 h Fri + 4 h Mon morning = 5/8
        (at(2026, 2, 14, 10), at(2026, 2, 22, 18), [], 0),  # all within the Tết break
        (at(2026, 2, 9, 7, 30), at(2026, 2, 27, 17), [(at(2026, 2, 23, 7, 30), at(2026, 2, 24, 7, 30))], 9),  # 10 - 1
        (at(2027, 2, 3, 9), at(2027, 2, 11, 9), [], 1),  # Wed 3/2 09:00 -> Thu 11/2 09:00 over Tết 2027
        (at(2027, 2, 1, 7, 30), at(2027, 2, 12, 17), [], 5),  # 1, 2, 3, 11, 12/2
    ],
)
def test_working_days_between_over_tet(calendar, start, end, pauses, expected) -> None:
    assert calendar.working_days_between(start, end, pauses) == expected


def test_a_make_up_saturday_is_a_full_weekday_where_saturday_counters_open_in_the_morning() -> None:
    cal = SATURDAY_MORNINGS
    # Fri 21/8/2026 16:00 + 1 day: Sat 22/8 (make-up, Monday's hours) at 16:00, not clamped to 11:30
    assert cal.add_working_days(at(2026, 8, 21, 16), 1) == at(2026, 8, 22, 16)
    # half day from 11:00: make-up Sat 22/8 0.5 h + 3.5 h from 13:00 -> 16:30; ordinary Sat 15/8 -> Mon 17/8 11:00
    assert handover_due(cal, at(2026, 8, 22, 11), HALF_DAY) == at(2026, 8, 22, 16, 30)
    assert handover_due(cal, at(2026, 8, 15, 11), HALF_DAY) == at(2026, 8, 17, 11)
    # same day on the make-up Saturday: to 17:00; after 15:00, the next working morning is Mon 24/8
    assert handover_due(cal, at(2026, 8, 22, 14), SAME_DAY) == at(2026, 8, 22, 17)
    assert handover_due(cal, at(2026, 8, 22, 15, 0, 1), SAME_DAY) == at(2026, 8, 24, 11, 30)
    # Fri 21/8 07:30 -> Mon 24/8 07:30: 8 h + 8 h (make-up); Fri 14/8 -> Mon 17/8: 8 h + 4 h (Saturday morning)
    assert cal.working_time_between(at(2026, 8, 21, 7, 30), at(2026, 8, 24, 7, 30)) == timedelta(hours=16)
    assert cal.working_time_between(at(2026, 8, 14, 7, 30), at(2026, 8, 17, 7, 30)) == timedelta(hours=12)


def test_saturday_counters_in_the_tet_break_are_closed_by_the_administrators_overrides() -> None:
    # The break announced for offices working Monday to Friday is Sat 14/2 - Sun 22/2; an office whose statutory hours
    # include Saturday mornings arranges its own Saturdays (the government leaves it to them), recorded as overrides.
    # Without them 14/2 counts: Fri 13/2 16:00 + 1 day -> Sat 14/2, clamped to its 11:30 closing.
    assert SATURDAY_MORNINGS.add_working_days(at(2026, 2, 13, 16), 1) == at(2026, 2, 14, 11, 30)
    closed = WorkingCalendar(
        SATURDAY_MORNINGS.office_hours,
        overrides=[CalendarOverride(date(2026, 2, day), working=False, note="Nghỉ Tết") for day in (14, 21)],
    )
    # 14/2 and 21/2 closed: 1 = Mon 23/2 -> 16:00
    assert closed.add_working_days(at(2026, 2, 13, 16), 1) == at(2026, 2, 23, 16)


@pytest.mark.parametrize(
    ("override", "compute", "expected"),
    [
        # a storm closes Wed 25/2/2026: Fri 13/2 16:00 + 3 days: 23, 24, 26 -> 26/2 16:00
        (
            CalendarOverride(date(2026, 2, 25), working=False, note="Bão"),
            lambda cal: cal.add_working_days(at(2026, 2, 13, 16), 3),
            at(2026, 2, 26, 16),
        ),
        # make-up Sat 28/2/2026: Fri 27/2 10:00 + 1 day -> Sat 28/2 10:00
        (
            CalendarOverride(date(2026, 2, 28), working=True, note="Làm bù"),
            lambda cal: due_moment(cal, at(2026, 2, 27, 10), days(1)),
            at(2026, 2, 28, 10),
        ),
        # Mon 16/3/2026 + 10 calendar days = Thu 26/3, closed by the province -> Fri 27/3 17:00
        (
            CalendarOverride(date(2026, 3, 26), working=False),
            lambda cal: due_moment(cal, at(2026, 3, 16, 9), calendar_days(10)),
            at(2026, 3, 27, 17),
        ),
        # the counter opens on 24/11/2026: Mon 23/11 09:00 + 1 day -> Tue 24/11 09:00
        (
            CalendarOverride(date(2026, 11, 24), working=True),
            lambda cal: cal.add_working_days(at(2026, 11, 23, 9), 1),
            at(2026, 11, 24, 9),
        ),
        # received on a day the province closed (Mon 2/3/2026): same day -> Tue 3/3 morning
        (
            CalendarOverride(date(2026, 3, 2), working=False),
            lambda cal: handover_due(cal, at(2026, 3, 2, 10), SAME_DAY),
            at(2026, 3, 3, 11, 30),
        ),
        # if the announced Tết 2027 also closes Thu 11/2: Wed 3/2 10:00 + 1 day -> Fri 12/2 10:00
        (
            CalendarOverride(date(2027, 2, 11), working=False, note="Tết"),
            lambda cal: cal.add_working_days(at(2027, 2, 3, 10), 1),
            at(2027, 2, 12, 10),
        ),
    ],
)
def test_an_override_moves_the_deadline(override, compute, expected) -> None:
    assert compute(WorkingCalendar(overrides=[override])) == expected
