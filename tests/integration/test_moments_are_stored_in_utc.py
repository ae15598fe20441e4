"""Moments go in aware, are stored in UTC, and come back aware on both databases; naive ones are refused."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from engine.models import CalendarOverrideRow


def test_a_local_moment_comes_back_as_the_same_instant_in_utc(runtime):
    local = datetime(2026, 11, 23, 16, 45, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with runtime.unit_of_work() as uow:
        row = CalendarOverrideRow(day=local.date(), working=False, note="x", created_at=local)
        uow.session.add(row)
        uow.commit()
    with runtime.unit_of_work() as uow:
        stored = uow.session.get(CalendarOverrideRow, row.id).created_at
    assert stored == local and stored.tzinfo == UTC and stored.hour == 9


def test_a_naive_moment_is_refused_before_anything_is_written(runtime):
    with runtime.unit_of_work() as uow, pytest.raises(sa.exc.StatementError, match="naive datetime"):
        uow.session.add(
            CalendarOverrideRow(
                day=datetime(2026, 1, 1).date(), working=False, note="x", created_at=datetime(2026, 1, 1, 8, 0)
            )
        )
        uow.commit()
