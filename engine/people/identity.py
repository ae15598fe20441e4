"""Checks of what applicants type about themselves: CCCD number, tax code, phone and email.

Each check returns the value in its stored form, or raises `IdentityProblem` with a stable code that the web
layer turns into a message in the user's language.
"""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email

from engine.errors import DomainError

# The CCCD's 4th digit tells sex and century of birth (Thông tư 59/2021/TT-BCA, Điều 7): 0/1 for 1900-1999,
# 2/3 for 2000-2099 and so on; the 5th and 6th are the last two digits of the year of birth.
_CENTURY_DIGITS = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}


class IdentityProblem(DomainError):
    """A value that cannot be someone's identity detail; `problem` is the stable code."""

    code = "identity_problem"
    message = "Thông tin chưa hợp lệ ({problem})."


def compact_number(value: str) -> str:
    """An identity number or tax code as written, without its spaces, dots and dashes, in upper case: the form a
    clerk's entry and an account's stored number compare in."""
    return re.sub(r"[\s.\-]", "", value).upper()


def id_number(value: str, born: date | None) -> str:
    """A 12-digit citizen identity number (CCCD) whose birth year digits agree with the date of birth."""
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{12}", digits):
        raise IdentityProblem(problem="id_number_format")
    if born is not None:
        year = _CENTURY_DIGITS[int(digits[3])] + int(digits[4:6])
        if year != born.year:
            raise IdentityProblem(problem="id_number_birth_year")
    return digits


def tax_code(value: str) -> str:
    """A tax code (mã số thuế) of 10 digits, or 13 for a branch (written 10 digits, dash, 3 digits)."""
    compact = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{10}(-?\d{3})?", compact):
        raise IdentityProblem(problem="tax_code_format")
    return compact.replace("-", "")


def phone(value: str) -> str:
    """A Vietnamese phone number in its national form: 10 digits for a mobile, 11 for a landline (02...)."""
    compact = re.sub(r"[\s.\-()]", "", value)
    compact = re.sub(r"^(\+84|0084|84)(?=\d{9,10}$)", "0", compact)
    if not re.fullmatch(r"0[35789]\d{8}|02\d{9}", compact):
        raise IdentityProblem(problem="phone_format")
    return compact


def email(value: str) -> str:
    """An email address as written, with its domain in lower case; no lookup of the domain is made."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise IdentityProblem(problem="email_format") from None


def birth_date(value: date | None, today: date) -> date:
    """A date of birth in the past and within a human lifetime."""
    if value is None or value >= today or value.year < today.year - 130:
        raise IdentityProblem(problem="date_of_birth_range")
    return value
