"""SLA states recomputed in SQL: on time, due soon, overdue (first moment kept), paused, resolved, late handover."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.sla_states import SlaRefresh, refresh_sla_states
from engine.models import SlaState
from tests.integration.engine.test_one_stop_supplementation import _ask_supplement_after_review


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _handed_over(desk, procedure="household_business_registration", unit="000.01.11.H99", clerk="motcua.tanlap"):
    """Received Monday 23/11 09:00; 3 working days (24/11 is a holiday): due Friday 27/11 09:00."""
    code = desk.submit(procedure=procedure, unit=unit, by=clerk)
    desk.complete(code, "check_completeness", clerk, decision="complete")
    desk.complete(code, "hand_over", clerk)
    assert desk.dossier(code).due_at == _at("2026-11-27T09:00+07:00")
    return code


def _state_at(desk, moment: str, code: str) -> SlaState | None:
    desk.clock.set(_at(moment))
    refresh_sla_states(desk.runtime)
    return desk.dossier(code).sla_state


def test_a_running_dossier_is_due_soon_on_its_last_working_day_then_overdue(desk):
    code = _handed_over(desk)
    assert _state_at(desk, "2026-11-23T09:00+07:00", code) is SlaState.ON_TIME
    assert _state_at(desk, "2026-11-26T08:59+07:00", code) is SlaState.ON_TIME
    assert _state_at(desk, "2026-11-26T09:00+07:00", code) is SlaState.DUE_SOON
    assert _state_at(desk, "2026-11-27T08:59+07:00", code) is SlaState.DUE_SOON
    assert _state_at(desk, "2026-11-27T09:00+07:00", code) is SlaState.DUE_SOON  # resolved now it is on time
    assert desk.dossier(code).first_overdue_at is None
    assert _state_at(desk, "2026-11-27T09:01+07:00", code) is SlaState.OVERDUE
    assert desk.dossier(code).first_overdue_at == _at("2026-11-27T09:00+07:00")


def test_a_rerun_changes_nothing_and_the_first_overdue_moment_is_kept(desk):
    code = _handed_over(desk)
    desk.clock.set(_at("2026-11-30T10:00+07:00"))
    assert refresh_sla_states(desk.runtime) == SlaRefresh(
        checked=1, running=1, resolved=0, first_overdue=1, late_handovers=0
    )
    desk.clock.advance(timedelta(days=3))
    assert refresh_sla_states(desk.runtime) == SlaRefresh(
        checked=0, running=0, resolved=0, first_overdue=0, late_handovers=0
    )
    assert desk.dossier(code).first_overdue_at == _at("2026-11-27T09:00+07:00")


def test_a_paused_dossier_keeps_its_state_while_it_waits_for_the_applicant(desk):
    code = _handed_over(desk)
    assert _state_at(desk, "2026-11-23T10:00+07:00", code) is SlaState.ON_TIME
    _ask_supplement_after_review(desk, code)
    assert desk.dossier(code).pauses[0].ended_at is None
    assert _state_at(desk, "2026-12-02T10:00+07:00", code) is SlaState.ON_TIME  # past the old due moment
    assert desk.dossier(code).first_overdue_at is None


def test_the_step_that_resolves_a_dossier_judges_it_by_when_it_was_resolved_and_no_pass_looks_at_it_again(desk):
    on_time = desk.submit()  # birth registration at the ward: due the same day, 17:00
    desk.complete(on_time, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(on_time, "hand_over", "motcua.anhoa")
    desk.complete(on_time, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh")
    desk.complete(on_time, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(on_time, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    late = _handed_over(desk)
    desk.clock.set(_at("2026-11-27T10:00+07:00"))
    desk.complete(late, "review", "chuyenvienkt.tanlap", proposal="result", draft_summary="Cấp giấy chứng nhận")
    desk.complete(late, "department_approval", "truongphongkt.tanlap", decision="approve")
    desk.complete(late, "sign", "lanhdao.tanlap", decision="sign", pin=DEMO_PIN)
    assert desk.dossier(on_time).sla_state is SlaState.ON_TIME and desk.dossier(on_time).first_overdue_at is None
    assert desk.dossier(late).sla_state is SlaState.OVERDUE
    assert desk.dossier(late).first_overdue_at == _at("2026-11-27T09:00+07:00")
    assert {desk.dossier(code).sla_check_at for code in (on_time, late)} == {None}
    desk.clock.set(_at("2026-12-01T10:00+07:00"))
    assert refresh_sla_states(desk.runtime).checked == 0


def test_a_handover_made_late_while_no_scheduler_ran_is_flagged(desk):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # handover due 14:30
    desk.clock.set(_at("2026-11-23T15:00+07:00"))
    desk.complete(code, "hand_over", "motcua.anhoa")  # the diagram's timer never fired: nobody ran it
    assert not desk.dossier(code).late_handover
    assert refresh_sla_states(desk.runtime).late_handovers == 1
    assert desk.dossier(code).late_handover


def test_a_handover_still_waiting_past_its_half_day_is_flagged(desk):
    on_time, waiting = desk.submit(), desk.submit()
    for code in (on_time, waiting):
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(on_time, "hand_over", "motcua.anhoa")
    desk.clock.set(_at("2026-11-23T14:31+07:00"))
    refresh_sla_states(desk.runtime)
    assert (desk.dossier(on_time).late_handover, desk.dossier(waiting).late_handover) == (False, True)
