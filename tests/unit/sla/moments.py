"""Local moments in Hà Nội, written as plain numbers in the calendar tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN)
