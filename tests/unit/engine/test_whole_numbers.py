"""Whole numbers people type are read within the database's range, in ASCII digits only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.text import MAX_INT, parse_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), (" 7 ", 7), ("0", 0), (str(MAX_INT), MAX_INT), ("007", 7)],
)
def test_ascii_digits_in_range_are_read(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    "text",
    ["²", "٣", "１２", "9" * 31, str(MAX_INT + 1), "-1", "", " ", "1e3", "1.0", "+5", "0x10", "1_000", "5\n6", None, 5],
)
def test_anything_else_is_no_number(text):
    assert parse_int(text) is None


def test_bounds_are_the_callers():
    assert parse_int("-3", low=-5) == -3
    assert parse_int("2101", low=2000, high=2100) is None


@given(st.text(max_size=40))
def test_no_text_makes_it_raise_or_leave_the_range(text):
    number = parse_int(text)
    assert number is None or 0 <= number <= MAX_INT
