"""The step that resolves a dossier stores the working days it used and its timeliness, equal to what the reports
counted from the calendar before (working time from receipt to resolution outside pauses, the one timeliness rule),
with pauses for supplementation and days off recorded on the way."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.requests import supplement
from engine.models import Dossier, ProcedureDocument
from engine.operations import calendar_overrides
from sla.deadlines import Timeliness, timeliness
from tests.integration.engine.conftest import Desk


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+07:00")


def _as_reports_counted_before(desk: Desk, code: str) -> tuple[float, Timeliness]:
    """The report's own computation before the facts were stored: the calendar replayed over the dossier's pauses."""
    with desk.runtime.unit_of_work() as uow:
        dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
        calendar = desk.runtime.calendar(uow.session)
        pauses = [(pause.started_at, pause.ended_at) for pause in dossier.pauses]
        spent = calendar.working_time_between(dossier.received_at, dossier.resolved_at, pauses)
        return spent / calendar.standard_day, timeliness(dossier.resolved_at, dossier.due_at, calendar.tz)


def _stored(desk: Desk, code: str) -> tuple[float | None, Timeliness | None]:
    dossier = desk.dossier(code)
    return dossier.working_days, dossier.timeliness


def _day_off(desk: Desk, day: str) -> None:
    calendar_overrides.add_calendar_day(
        desk.runtime, desk.runtime.unit_of_work(), actor_id=desk.user_id("quantri"), day=day, working=False, note="Bão"
    )


def _signed(desk: Desk, code: str, specialist: str, head: str, leader: str) -> None:
    desk.complete(code, "review", specialist, proposal="result", draft_summary="Cấp giấy chứng nhận")
    desk.complete(code, "department_approval", head, decision="approve")
    desk.complete(code, "sign", leader, decision="sign", pin=DEMO_PIN)


def test_a_pause_and_a_day_off_on_the_way_are_left_out_as_the_report_left_them_out(desk):
    # Household business at Tân Lập, received Mon 23/11 09:00; Tue 24/11 is a holiday.
    code = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    desk.complete(code, "check_completeness", "motcua.tanlap", decision="complete")
    desk.complete(code, "hand_over", "motcua.tanlap")
    _day_off(desk, "26/11/2026")  # Thursday off, recorded before it comes
    desk.clock.set(_at("2026-11-23T10:00"))
    desk.complete(
        code,
        "review",
        "chuyenvienkt.tanlap",
        proposal="supplement",
        supplement_note="Thiếu biên bản họp",
        missing_documents=_documents(desk, code)[2:3],
    )
    desk.complete(code, "approve_supplement", "truongphongkt.tanlap", decision="approve")
    desk.clock.set(_at("2026-11-25T09:00"))
    supplement(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("motcua.tanlap"),
        expected_version=desk.dossier(code).version,
        note="Đã nộp bổ sung",
    )
    desk.clock.set(_at("2026-11-27T10:00"))
    _signed(desk, code, "chuyenvienkt.tanlap", "truongphongkt.tanlap", "lanhdao.tanlap")

    # Mon 09:00-10:00, then paused until Wed 09:00; Wed 09:00-17:00 6.5 h; Thu off; Fri 07:30-10:00 2.5 h: 10 h.
    assert _stored(desk, code) == _as_reports_counted_before(desk, code) == (1.25, Timeliness.EARLY)


def test_a_day_off_recorded_for_today_takes_back_what_was_counted_today(desk):
    code = desk.submit()  # birth registration at An Hòa, Mon 23/11 09:00, due the same day
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.clock.advance(timedelta(hours=2))
    _signed(desk, code, "chuyenvien.anhoa", "truongphong.anhoa", "lanhdao.anhoa")
    assert _stored(desk, code) == _as_reports_counted_before(desk, code) == (0.25, Timeliness.ON_TIME)

    _day_off(desk, "23/11/2026")

    assert _stored(desk, code) == _as_reports_counted_before(desk, code) == (0.0, Timeliness.ON_TIME)


def test_a_refusal_after_review_stores_its_facts_and_one_at_reception_none(desk):
    refused = desk.submit()
    desk.complete(refused, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(refused, "hand_over", "motcua.anhoa")
    desk.clock.advance(timedelta(hours=1))
    desk.complete(refused, "review", "chuyenvien.anhoa", proposal="refuse", refusal_reason="Giấy tờ không hợp lệ")
    desk.complete(refused, "approve_refusal", "lanhdao.anhoa", decision="approve")
    assert _stored(desk, refused) == _as_reports_counted_before(desk, refused) == (0.125, Timeliness.ON_TIME)

    at_reception = desk.submit()
    desk.complete(
        at_reception, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason="Không thuộc diện"
    )
    assert desk.dossier(at_reception).resolved_at is not None
    assert _stored(desk, at_reception) == (None, None)  # never received: no report counts it


def _documents(desk: Desk, code: str) -> list[int]:
    with desk.runtime.unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(ProcedureDocument.id)
                .where(ProcedureDocument.procedure_version_id == desk.dossier(code).procedure_version_id)
                .order_by(ProcedureDocument.position)
            )
        )
