"""What applicants type about themselves: CCCD against the year of birth, tax code, phone, email."""

from __future__ import annotations

from datetime import date

import pytest

from engine.people import identity
from engine.people.identity import IdentityProblem


def _problem(check, *args) -> str:
    with pytest.raises(IdentityProblem) as raised:
        check(*args)
    return raised.value.details["problem"]


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("046090001234", date(1990, 5, 12)),  # 0: a man born in the 1900s
        ("001185000001", date(1985, 1, 1)),  # 1: a woman born in the 1900s
        ("079203000123", date(2003, 7, 30)),  # 2: a man born in the 2000s
        ("079 305 000 123", date(2005, 1, 1)),  # spaces as people write it
        ("001190012345", None),  # no date of birth to compare with
    ],
)
def test_a_cccd_number_agrees_with_the_year_of_birth(number, born):
    assert identity.id_number(number, born) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "born", "problem"),
    [
        ("04609000123", date(1990, 5, 12), "id_number_format"),  # 11 digits: an old 9/12-digit CMND is refused too
        ("04609000123a", date(1990, 5, 12), "id_number_format"),
        ("046090001234", date(1991, 5, 12), "id_number_birth_year"),
        ("046290001234", date(1990, 5, 12), "id_number_birth_year"),  # 2 says the 2000s
    ],
)
def test_a_cccd_number_that_cannot_be_right_is_refused(number, born, problem):
    assert _problem(identity.id_number, number, born) == problem


def test_tax_codes_have_ten_or_thirteen_digits():
    assert identity.tax_code("4600123456") == "4600123456"
    assert identity.tax_code("4600123456-001") == "4600123456001"
    for wrong in ("460012345", "46001234567", "4600123456-01", "46001234AB"):
        assert _problem(identity.tax_code, wrong) == "tax_code_format"


def test_phones_are_kept_in_their_national_form():
    assert identity.phone("0912 345 678") == "0912345678"
    assert identity.phone("+84 912.345.678") == "0912345678"
    assert identity.phone("0234 381 2345") == "02343812345"
    for wrong in ("091234567", "0112345678", "12345", "09123456789"):
        assert _problem(identity.phone, wrong) == "phone_format"


def test_emails_are_checked_without_a_network_lookup():
    assert identity.email(" An@Example.VN ") == "An@example.vn"
    for wrong in ("an", "an@", "an @example.vn", "@example.vn"):
        assert _problem(identity.email, wrong) == "email_format"


def test_a_date_of_birth_lies_in_a_lifetime_before_today():
    today = date(2026, 11, 23)
    assert identity.birth_date(date(1990, 5, 12), today) == date(1990, 5, 12)
    for wrong in (None, today, date(2027, 1, 1), date(1890, 1, 1)):
        assert _problem(identity.birth_date, wrong, today) == "date_of_birth_range"
