"""Handover from reception to the department: the provincial half day and the national same-day rule, by date."""

from __future__ import annotations

from datetime import date

import pytest

from sla.calendar import WorkingCalendar
from sla.handover import HandoverRule, HandoverRules, handover_due
from tests.unit.sla.moments import at

SAME_DAY, HALF_DAY = HandoverRule.SAME_DAY, HandoverRule.HALF_DAY


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 12, 7, 9), at(2026, 12, 7, 17)),  # the day of receipt, to its closing
        (at(2026, 12, 7, 15), at(2026, 12, 7, 17)),  # 15:00 is not after 15:00
        (at(2026, 12, 7, 15, 0, 1), at(2026, 12, 8, 11, 30)),  # after it: the next working morning
        (at(2026, 12, 7, 6, 30), at(2026, 12, 7, 17)),  # before hours: that day
        (at(2026, 12, 7, 17, 30), at(2026, 12, 8, 11, 30)),  # after hours
        (at(2026, 12, 11, 16), at(2026, 12, 14, 11, 30)),  # Friday afternoon: Monday morning
        (at(2026, 12, 12, 10), at(2026, 12, 14, 11, 30)),  # a Saturday: Monday morning
        (at(2027, 2, 3, 16), at(2027, 2, 11, 11, 30)),  # before Tết 2027 (package: 4/2-10/2 off)
        (at(2027, 4, 29, 15, 30), at(2027, 5, 4, 11, 30)),  # before 30/4 and 1/5 (observed 3/5)
    ],
)
def test_the_national_rule_hands_over_the_same_day_or_the_next_morning(calendar, received, expected):
    assert handover_due(calendar, received, SAME_DAY) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 12, 7, 9), at(2026, 12, 7, 14, 30)),  # four working hours, lunch excluded
        (at(2026, 12, 7, 15, 30), at(2026, 12, 8, 10)),  # 1 h 30 that day, 2 h 30 the next
        (at(2026, 12, 11, 16), at(2026, 12, 14, 10, 30)),  # 1 h on Friday, 3 h on Monday
    ],
)
def test_the_provincial_rule_hands_over_within_half_a_working_day(calendar, received, expected):
    assert handover_due(calendar, received, HALF_DAY) == expected


def test_a_province_chooses_its_rules_by_date_and_a_dossier_keeps_the_rule_of_its_day():
    rules = HandoverRules.parse("half_day; 2026-01-01 same_day")
    assert rules.in_force(date(2025, 12, 31)) is HALF_DAY
    assert rules.in_force(date(2026, 1, 1)) is SAME_DAY
    assert HandoverRules.parse("same_day").in_force(date(2020, 1, 1)) is SAME_DAY
    assert HandoverRules() == HandoverRules.parse("half_day")


@pytest.mark.parametrize(
    "text", ["", "2026-01-01 same_day", "half_day; same_day", "half_day; 2026-01-01 weekly", "x; 2026-13-01 half_day"]
)
def test_a_bad_rule_text_is_refused_by_name(text):
    with pytest.raises(ValueError, match="handover rules"):
        HandoverRules.parse(text)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()
