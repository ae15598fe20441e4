"""The manual clock moves only when told to, always in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla.clock import ManualClock, SystemClock


def test_manual_clock_is_set_and_advanced() -> None:
    clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    assert clock.now() == datetime(2026, 3, 2, 2, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    clock.advance(timedelta(hours=1))
    assert clock.now() == datetime(2026, 3, 2, 3, tzinfo=UTC)
    clock.set(datetime(2026, 4, 1, tzinfo=UTC))
    assert clock.now() == datetime(2026, 4, 1, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        ManualClock(datetime(2026, 3, 2, 9))
    clock = ManualClock(datetime(2026, 3, 2, tzinfo=UTC))
    with pytest.raises(ValueError, match="naive"):
        clock.set(datetime(2026, 3, 2, 9))


def test_system_clock_is_aware_utc() -> None:
    assert SystemClock().now().tzinfo is UTC
