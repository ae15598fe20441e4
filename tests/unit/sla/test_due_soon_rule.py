"""The due-soon rule: a working-time lead (default: the last working day) or a share of the processing time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sla.deadlines import Duration, TimeUnit
from sla.due_soon import LAST_WORKING_DAY, DueSoonRule, DueSoonStarts

THURSDAY = datetime.fromisoformat("2026-11-26T10:00+07:00")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1d", LAST_WORKING_DAY),
        ("0,5d", DueSoonRule(Duration(0.5, TimeUnit.WORKING_DAYS))),
        (" 4h ", DueSoonRule(Duration(4, TimeUnit.WORKING_HOURS))),
        ("20%", DueSoonRule(lead=None, share=0.2)),
        ("12.5%", DueSoonRule(lead=None, share=0.125)),
    ],
)
def test_the_rule_is_written_in_days_hours_or_a_share(text, rule):
    assert DueSoonRule.parse(text) == rule


@pytest.mark.parametrize("text", ["", "1", "2 weeks", "-1d", "0%", "100%", "150%"])
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="due-soon"):
        DueSoonRule.parse(text)


def test_a_lead_counts_working_time_over_the_weekend(calendar):
    assert LAST_WORKING_DAY.threshold(calendar, THURSDAY) == datetime.fromisoformat("2026-11-27T10:00+07:00")
    friday_afternoon = datetime.fromisoformat("2026-11-27T16:00+07:00")
    assert DueSoonRule.parse("4h").threshold(calendar, friday_afternoon) == datetime.fromisoformat(
        "2026-11-30T10:30+07:00"
    )


def test_a_share_takes_that_part_of_the_procedure_s_own_time(calendar):
    rule = DueSoonRule.parse("25%")
    ten_days = Duration(10, TimeUnit.WORKING_DAYS)
    assert rule.threshold(calendar, THURSDAY, ten_days) == datetime.fromisoformat("2026-11-30T15:30+07:00")
    fifteen_days = Duration(15, TimeUnit.CALENDAR_DAYS)
    assert rule.threshold(calendar, THURSDAY, fifteen_days) == datetime.fromisoformat("2026-11-30T04:00+07:00")
    with pytest.raises(ValueError, match="processing time"):
        rule.threshold(calendar, THURSDAY)


@pytest.mark.parametrize(
    ("rule", "now", "due", "starts"),
    [
        ("1d", "2026-11-26T10:00", "2026-11-27T11:00", "2026-11-26T11:00"),
        ("4h", "2026-11-27T15:00", "2026-11-30T10:30", "2026-11-27T16:00"),  # over the weekend
        ("4h", "2026-11-27T12:00", "2026-11-30T07:30", "2026-11-27T13:01"),  # at 13:00 four hours end Friday 17:00
        ("4h", "2026-11-27T10:00:30", "2026-11-27T17:00", "2026-11-27T11:30"),  # on whole minutes
        ("1d", "2026-11-26T10:00", "2026-11-30T10:00", "2026-11-27T10:00"),  # beyond a day: looked at again then
    ],
)
def test_the_minute_a_dossier_turns_due_soon_is_found_within_a_day(calendar, rule, now, due, starts):
    local = {name: datetime.fromisoformat(text + "+07:00") for name, text in (("now", now), ("due", due))}
    found = DueSoonStarts(DueSoonRule.parse(rule), calendar, local["now"]).at(local["due"])
    assert found == datetime.fromisoformat(starts + "+07:00")
    assert DueSoonRule.parse(rule).threshold(calendar, found - timedelta(minutes=1)) < local["due"]
