"""The default working calendar (Monday to Friday, 07:30-11:30 and 13:00-17:00, Vietnamese holidays)."""

from __future__ import annotations

import pytest

from sla.calendar import WorkingCalendar


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar()
