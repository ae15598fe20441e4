"""Office hours read from the environment variable's text format."""

from __future__ import annotations

from datetime import time

import pytest

from sla.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours


def test_default_is_monday_to_friday_with_a_lunch_break() -> None:
    assert DEFAULT_OFFICE_HOURS[0] == ((time(7, 30), time(11, 30)), (time(13), time(17)))
    assert [DEFAULT_OFFICE_HOURS.minutes(day) for day in range(7)] == [480] * 5 + [0, 0]


def test_groups_ranges_and_lists() -> None:
    hours = OfficeHours.parse("mon-fri 07:00-11:30 13:30-17:00; sat 07:30-11:30")
    assert hours.minutes(4) == 480
    assert hours[5] == ((time(7, 30), time(11, 30)),)
    assert hours[6] == ()
    listed = OfficeHours.parse("MON,wed 08:00-12:00")
    assert [listed.minutes(day) for day in range(7)] == [240, 0, 240, 0, 0, 0, 0]


def test_intervals_are_sorted_and_merged_across_groups() -> None:
    hours = OfficeHours.parse("mon 13:00-17:00; mon 07:30-11:30")
    assert hours == OfficeHours({0: [(time(7, 30), time(11, 30)), (time(13), time(17))]})


def test_text_round_trips() -> None:
    text = "mon 07:00-11:30 13:30-17:00; sat 07:30-11:30"
    assert str(OfficeHours.parse(text)) == text
    assert OfficeHours.parse(str(DEFAULT_OFFICE_HOURS)) == DEFAULT_OFFICE_HOURS
    assert hash(OfficeHours.parse(str(DEFAULT_OFFICE_HOURS))) == hash(DEFAULT_OFFICE_HOURS)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("", "empty"),
        ("  ;  ", "empty"),
        ("mon-fri", "'mon-fri'"),
        ("funday 07:30-11:30", "'funday'"),
        ("mon- 07:30-11:30", "'mon-'"),
        ("fri-mon 07:30-11:30", "'fri-mon'"),
        ("mon 7h30-11h30", "'7h30-11h30'"),
        ("mon 07:30-25:00", "'07:30-25:00'"),
        ("mon 11:30-07:30", "11:30-07:30"),
        ("mon 07:30-11:30 11:00-17:00", "overlap"),
    ],
)
def test_bad_text_names_the_bad_part(text: str, named: str) -> None:
    with pytest.raises(ValueError, match="office hours") as error:
        OfficeHours.parse(text)
    assert named in str(error.value)


def test_bad_weekday_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        OfficeHours({7: [(time(8), time(9))]})
