"""Text at the boundaries: Unicode NFC (TCVN 6909:2001) everywhere inside, and whole numbers read within bounds."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_INT = 2**31 - 1  # PostgreSQL's integer: every id, version and counter column
_WHOLE = re.compile(r"-?[0-9]{1,18}")


def nfc(value: Any) -> Any:
    """The value with every string in it, however nested, in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def unaccented(text: str) -> str:
    """The text without diacritics ("Hồ sơ đã xong" -> "Ho so da xong"): plain ASCII letters, as SMS are sent."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive search ("Nguyễn Văn Á" -> "nguyen van a")."""
    return unaccented(text).lower().strip()


def vnd(amount: int) -> str:
    """An amount of đồng as Vietnamese write it: 100.000."""
    return f"{amount:,}".replace(",", ".")


def parse_int(text: Any, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """The whole number `text` spells in ASCII digits (a leading '-' allowed) when it lies in [low, high], else None.

    '²' and '٣' are digits to `str.isdigit`, and 31 digits overflow the database: both are no number here.
    """
    if not isinstance(text, str) or not _WHOLE.fullmatch(text := text.strip()):
        return None
    number = int(text)
    return number if low <= number <= high else None
