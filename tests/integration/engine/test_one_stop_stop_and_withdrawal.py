"""Stopping a dossier needs the agency leader; the applicant may withdraw their own dossier."""

from __future__ import annotations

import pytest

from engine.dossiers.requests import request_stop, withdraw
from engine.errors import NotAllowed, StepNotAvailable
from engine.models import Channel, DossierStatus, Outcome


def _online(desk):
    return desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="anphat", channel=Channel.ONLINE)


def _withdraw(desk, code, by):
    return withdraw(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id(by),
        expected_version=desk.dossier(code).version,
        reason="Nộp nhầm thủ tục",
    )


def test_the_applicant_withdraws_and_every_open_task_closes(desk):
    code = _online(desk)
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    _withdraw(desk, code, "anphat")
    dossier = desk.dossier(code)
    assert (dossier.status, dossier.outcome) == (DossierStatus.WITHDRAWN, Outcome.WITHDRAWN)
    assert desk.open_tasks(code) == []
    with pytest.raises(StepNotAvailable):
        _withdraw(desk, code, "anphat")


def test_nobody_else_may_withdraw_it(desk):
    code = _online(desk)
    for someone in ("nguyenvanan", "motcua.ttpv"):
        with pytest.raises(NotAllowed):
            _withdraw(desk, code, someone)


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_stop_proposal_is_decided_by_the_agency_leader(desk, decision):
    code = _online(desk)
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    request_stop(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=desk.dossier(code).version,
        reason="Doanh nghiệp đề nghị tạm dừng",
    )
    assert {t.task_name for t in desk.open_tasks(code)} == {"review", "approve_stop"}
    form = {"decision": decision} | ({"reason": "Chưa đủ căn cứ"} if decision == "reject" else {})
    desk.complete(code, "approve_stop", "lanhdao.stc", **form)
    dossier = desk.dossier(code)
    if decision == "approve":
        assert (dossier.status, dossier.outcome) == (DossierStatus.STOPPED, Outcome.STOPPED)
        assert desk.open_tasks(code) == []
    else:
        assert dossier.status is DossierStatus.PROCESSING
        assert [t.task_name for t in desk.open_tasks(code)] == ["review"]
