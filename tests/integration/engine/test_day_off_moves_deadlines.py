"""A day off recorded after dossiers were given their dates moves those dates, each with an event and a notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.dossiers.timers import fire_due_timers
from engine.models import Event, OutboxMessage
from engine.operations import calendar_overrides

SHORT = "birth_residence_health_insurance_under_6"  # 3 working days


def _record(desk, day: str, working: bool = False, note: str = "Bão số 15 đổ bộ, UBND tỉnh cho nghỉ"):
    return calendar_overrides.add_calendar_day(
        desk.runtime, desk.runtime.unit_of_work(), actor_id=desk.user_id("quantri"), day=day, working=working, note=note
    )


def _preview(desk, day: str):
    return calendar_overrides.day_off_moves(
        desk.runtime, desk.runtime.unit_of_work(), actor_id=desk.user_id("quantri"), day=day, working=False, note="x"
    )


def _received(desk, procedure: str = SHORT, hand_over: bool = True) -> str:
    code = desk.submit(procedure=procedure)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    if hand_over:
        desk.complete(code, "hand_over", "motcua.anhoa")
    return code


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text + "+07:00")


def test_a_storm_closure_today_moves_dates_handovers_and_tasks_each_with_an_event_and_a_notice(desk):
    # Monday 23/11/2026 09:00; Tuesday 24/11 is already off (Ngày Văn hóa Việt Nam).
    short = _received(desk)  # due Fri 27/11 09:00
    same_day = _received(desk, "birth_registration")  # due today 17:00
    waiting = _received(desk, hand_over=False)  # handover due today 14:30
    versions = {code: desk.dossier(code).version for code in (short, same_day, waiting)}
    assert _preview(desk, "23/11/2026").dossiers == 3 and _preview(desk, "23/11/2026").handovers == 1

    recorded = _record(desk, "23/11/2026")

    assert (recorded.moves.dossiers, recorded.moves.handovers) == (3, 1)
    # Each keeps the office time it had left from 09:00 today, counted again from Wednesday 25/11 07:30:
    # 6.5 h today + 16 h (25, 26 when 24 was off) + 1.5 h on 27/11 = 24 h = 25, 26, 27 to 17:00.
    assert desk.dossier(short).due_at == _local("2026-11-27T17:00")
    assert desk.dossier(same_day).due_at == _local("2026-11-25T15:30")  # 6.5 h: 07:30-11:30, 13:00-15:30
    assert desk.dossier(waiting).due_at == _local("2026-11-27T17:00")
    assert desk.dossier(waiting).handover_due_at == _local("2026-11-25T11:30")  # 4 h left
    assert desk.dossier(short).handover_due_at == _local("2026-11-23T14:30")  # handed over: kept as it was
    assert desk.task(short, "review").due_at == _local("2026-11-27T11:30")  # 20 h left of the step's budget
    assert all(desk.dossier(code).version == version + 1 for code, version in versions.items())
    with desk.runtime.unit_of_work() as uow:
        events = uow.session.scalars(select(Event).where(Event.action == "deadline_moved_by_day_off"))
        moved = {event.dossier_code: event for event in events}
        assert set(moved) == {short, same_day, waiting}
        assert moved[waiting].after == {
            "day": "2026-11-23",
            "due": "2026-11-27T17:00:00+07:00",
            "handover_due": "2026-11-25T11:30:00+07:00",
        }
        assert moved[short].reason == "Bão số 15 đổ bộ, UBND tỉnh cho nghỉ" and moved[short].actor_name
        notices = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.dedup_key.startswith("due_moved:")))
        bodies = {notice.dossier_id: notice.body for notice in notices}
        assert len(bodies) == 3
        assert (
            "Ngày 23/11/2026 được ghi là ngày nghỉ (Bão số 15 đổ bộ, UBND tỉnh cho nghỉ)"
            in bodies[desk.dossier(short).id]
        )
        assert "ngày hẹn trả kết quả mới là: 15:30 ngày 25/11/2026" in bodies[desk.dossier(same_day).id]

    # The diagram's handover timer waits for the new moment.
    desk.clock.set(_local("2026-11-23T14:31"))
    assert fire_due_timers(desk.runtime) == []
    desk.clock.set(_local("2026-11-25T11:29"))
    assert fire_due_timers(desk.runtime) == []
    desk.clock.set(_local("2026-11-25T11:31"))
    assert fire_due_timers(desk.runtime) == [waiting]
    assert desk.dossier(waiting).late_handover


def test_what_a_day_off_falls_after_stays_and_a_make_up_day_brings_nothing_forward(desk):
    short = _received(desk)  # due Fri 27/11 09:00
    desk.submit(procedure=SHORT)  # not received yet: no date given
    assert _preview(desk, "30/11/2026").dossiers == 0
    assert _record(desk, "30/11/2026").moves.dossiers == 0
    assert _record(desk, "28/11/2026", working=True, note="Làm bù cho ngày 30/11").moves.dossiers == 0
    assert desk.dossier(short).due_at == _local("2026-11-27T09:00")
    assert desk.dossier(short).version == 3  # submitted, received, handed over: never taken by the calendar

    # A day off before the due day moves it by one working day, the position in the day kept.
    assert _record(desk, "26/11/2026").moves.dossiers == 1
    assert desk.dossier(short).due_at == _local("2026-11-28T09:00")  # Saturday 28/11 is now a working day
