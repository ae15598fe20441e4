"""The calendar the services use follows the settings and the administrator's overrides in the database."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from engine.models import CalendarOverrideRow
from engine.runtime import Runtime


def test_overrides_in_the_database_win_over_the_holiday_table(runtime, clock):
    with runtime.unit_of_work() as uow:
        uow.session.add_all(
            [
                CalendarOverrideRow(day=date(2026, 12, 7), working=False, note="Bão số 9", created_at=clock.now()),
                CalendarOverrideRow(day=date(2026, 11, 24), working=True, note="Làm bù", created_at=clock.now()),
            ]
        )
        uow.commit()
    with runtime.unit_of_work() as uow:
        calendar = runtime.calendar(uow.session)
    assert not calendar.is_working_day(date(2026, 12, 7))
    assert calendar.holiday_name(date(2026, 12, 7)) == "Bão số 9"
    assert calendar.is_working_day(date(2026, 11, 24))  # Ngày Văn hóa Việt Nam, overridden


def test_office_hours_come_from_the_settings(settings, clock):
    rt = Runtime.start(dataclasses.replace(settings, office_hours="mon-fri 07:00-11:30 13:30-17:00"), clock)
    try:
        with rt.unit_of_work() as uow:
            calendar = rt.calendar(uow.session)
        assert calendar.is_working_time(datetime.fromisoformat("2026-11-23T07:10+07:00"))
        assert not calendar.is_working_time(datetime.fromisoformat("2026-11-23T13:10+07:00"))
    finally:
        rt.close()
