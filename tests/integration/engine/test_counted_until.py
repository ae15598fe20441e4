"""The step that ends a dossier stores the moment it stops counting in reports (counted_until): when it was resolved,
withdrawn or stopped; until then it counts in every period after its receipt."""

from __future__ import annotations

from datetime import datetime

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.requests import request_stop, withdraw
from engine.models import STILL_COUNTED, Channel, Outcome


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+07:00")


def _received(desk) -> str:
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="anphat", channel=Channel.ONLINE)
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    return code


def test_a_running_dossier_counts_until_a_withdrawal_ends_it(desk):
    code = _received(desk)
    assert desk.dossier(code).counted_until == STILL_COUNTED
    desk.clock.set(_at("2026-11-25T14:00"))
    withdraw(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("anphat"),
        expected_version=desk.dossier(code).version,
        reason="Nộp nhầm thủ tục",
    )
    dossier = desk.dossier(code)
    assert dossier.outcome is Outcome.WITHDRAWN
    assert dossier.counted_until == _at("2026-11-25T14:00")


def test_a_stop_ends_it_when_the_leader_approves_it(desk):
    code = _received(desk)
    desk.complete(code, "hand_over", "motcua.ttpv")
    request_stop(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=desk.dossier(code).version,
        reason="Doanh nghiệp đề nghị tạm dừng",
    )
    assert desk.dossier(code).counted_until == STILL_COUNTED  # only proposed
    desk.clock.set(_at("2026-11-26T09:30"))
    desk.complete(code, "approve_stop", "lanhdao.stc", decision="approve")
    assert (desk.dossier(code).outcome, desk.dossier(code).counted_until) == (Outcome.STOPPED, _at("2026-11-26T09:30"))


def test_a_resolved_dossier_counts_until_its_resolution_not_its_return(desk):
    code = desk.submit()  # birth registration at An Hòa
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp giấy khai sinh")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.clock.set(_at("2026-11-23T15:00"))
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    assert desk.dossier(code).counted_until == desk.dossier(code).resolved_at == _at("2026-11-23T15:00")
    desk.clock.set(_at("2026-11-24T08:00"))
    desk.complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Trần Thị Bình")
    assert desk.dossier(code).counted_until == _at("2026-11-23T15:00")
