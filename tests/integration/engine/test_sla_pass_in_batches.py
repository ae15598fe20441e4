"""The SLA pass reads only the dossiers whose next-change moment has come, in batches; steps mark what they move."""

from __future__ import annotations

from datetime import timedelta

from engine.dossiers.sla_states import refresh_sla_states
from engine.models import SLA_CHECK_NOW, SlaState
from tests.integration.engine.test_day_off_moves_deadlines import _record
from tests.integration.engine.test_one_stop_supplementation import _ask_supplement_after_review
from tests.integration.engine.test_sla_states import _at, _handed_over


def test_a_pass_reads_a_dossier_again_only_when_its_state_can_change(desk):
    codes = [_handed_over(desk) for _ in range(3)]  # due Friday 27/11 09:00
    assert all(desk.dossier(code).sla_check_at == SLA_CHECK_NOW for code in codes)
    desk.clock.set(_at("2026-11-23T15:00+07:00"))
    assert refresh_sla_states(desk.runtime).checked == 3
    assert refresh_sla_states(desk.runtime).checked == 0
    # Due soon more than a day ahead: looked at again in a day, then at the minute it turns due soon.
    assert {desk.dossier(code).sla_check_at for code in codes} == {_at("2026-11-24T15:00+07:00")}
    desk.clock.set(_at("2026-11-25T15:00+07:00"))
    assert refresh_sla_states(desk.runtime).checked == 3
    assert {desk.dossier(code).sla_check_at for code in codes} == {_at("2026-11-26T09:00+07:00")}
    desk.clock.set(_at("2026-11-26T08:59:59+07:00"))
    assert refresh_sla_states(desk.runtime).checked == 0
    desk.clock.set(_at("2026-11-26T09:00+07:00"))
    assert refresh_sla_states(desk.runtime).running == 3
    assert {desk.dossier(code).sla_state for code in codes} == {SlaState.DUE_SOON}
    assert desk.dossier(codes[0]).sla_check_at == _at("2026-11-27T09:00+07:00") + timedelta(microseconds=1)
    desk.clock.set(_at("2026-11-27T09:00:01+07:00"))
    assert refresh_sla_states(desk.runtime).first_overdue == 3
    assert {desk.dossier(code).sla_check_at for code in codes} == {None}  # overdue stays overdue


def test_a_pass_stopped_half_way_is_finished_by_the_next_one(desk):
    codes = [_handed_over(desk) for _ in range(5)]
    desk.clock.set(_at("2026-11-30T10:00+07:00"))
    assert refresh_sla_states(desk.runtime, batch=2, max_batches=1).checked == 2
    assert [desk.dossier(code).sla_state for code in codes].count(SlaState.OVERDUE) == 2
    finished = refresh_sla_states(desk.runtime, batch=2)
    assert (finished.checked, finished.first_overdue) == (3, 3)
    assert {desk.dossier(code).first_overdue_at for code in codes} == {_at("2026-11-27T09:00+07:00")}


def test_a_pending_handover_is_read_again_when_it_falls_late(desk):
    code = desk.submit()
    assert desk.dossier(code).sla_check_at is None  # no deadline yet: nothing the clock can change
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # handover due 14:30, due 17:00
    refresh_sla_states(desk.runtime)
    assert desk.dossier(code).sla_check_at == _at("2026-11-23T14:30+07:00") + timedelta(microseconds=1)
    desk.clock.set(_at("2026-11-23T14:31+07:00"))
    assert refresh_sla_states(desk.runtime).late_handovers == 1
    assert desk.dossier(code).sla_state is SlaState.DUE_SOON  # due today: on its last working day
    assert desk.dossier(code).sla_check_at == _at("2026-11-23T17:00+07:00") + timedelta(microseconds=1)


def test_steps_that_pause_or_move_a_deadline_mark_the_dossier_for_the_next_pass(desk):
    paused, moved = _handed_over(desk), _handed_over(desk)
    refresh_sla_states(desk.runtime)
    _ask_supplement_after_review(desk, paused)
    assert desk.dossier(paused).sla_check_at == SLA_CHECK_NOW
    refresh_sla_states(desk.runtime)
    assert desk.dossier(paused).sla_check_at is None  # waiting for the applicant, the clock stands still
    assert desk.dossier(moved).sla_check_at == _at("2026-11-24T09:00+07:00")
    _record(desk, "25/11/2026")
    assert desk.dossier(moved).sla_check_at == SLA_CHECK_NOW
    assert refresh_sla_states(desk.runtime).checked == 2  # the paused one's due moment moved too
    assert desk.dossier(moved).due_at == _at("2026-11-30T09:00+07:00")
