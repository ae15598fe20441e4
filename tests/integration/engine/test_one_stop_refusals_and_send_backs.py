"""Refusal at reception or after review, and sending back from each level of leadership."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.dossiers.tasks import MAX_SEND_BACKS
from engine.errors import InvalidData
from engine.models import DossierStatus, Event, Outcome


def _received_and_reviewed(desk, code):
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")


def test_refused_at_reception_with_the_reason(desk):
    code = desk.submit()
    reached = desk.complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="ineligible",
        refusal_reason="Người yêu cầu không thuộc diện đăng ký tại phường",
    ).reached
    assert "refused_at_reception" in reached
    dossier = desk.dossier(code)
    assert (dossier.status, dossier.outcome) == (DossierStatus.NOT_RECEIVED, Outcome.REFUSED)
    assert dossier.received_at is None and desk.open_tasks(code) == []


@pytest.mark.parametrize("leader_decision", ["approve", "reject"])
def test_refusal_after_review_needs_the_agency_leader(desk, leader_decision):
    code = desk.submit()
    _received_and_reviewed(desk, code)
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="refuse", refusal_reason="Giấy chứng sinh không hợp lệ")
    assert desk.dossier(code).status is DossierStatus.PROCESSING  # nothing reaches the applicant yet
    form = {"decision": leader_decision} | ({"reason": "Cần xác minh thêm"} if leader_decision == "reject" else {})
    desk.complete(code, "approve_refusal", "lanhdao.anhoa", **form)
    dossier = desk.dossier(code)
    if leader_decision == "approve":
        assert (dossier.status, dossier.outcome) == (DossierStatus.RESOLVED, Outcome.REFUSED)
        assert desk.open_tasks(code) == []
    else:
        assert dossier.outcome is None
        assert [t.task_name for t in desk.open_tasks(code)] == ["review"]


@pytest.mark.parametrize(
    ("task", "by", "decision"),
    [("department_approval", "truongphong.anhoa", "send_back"), ("sign", "lanhdao.anhoa", "send_back")],
)
def test_a_leader_sends_back_to_the_specialist_with_a_reason(desk, task, by, decision):
    code = desk.submit()
    _received_and_reviewed(desk, code)
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Dự thảo giấy khai sinh")
    if task == "sign":
        desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, task, by, decision=decision, reason="Sai ngày sinh trong dự thảo")
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]
    with desk.runtime.unit_of_work() as uow:
        last = uow.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert (last.from_step, last.to_step, last.reason) == (task, "review", "Sai ngày sinh trong dự thảo")


def test_sending_back_stops_at_the_limit_and_the_dossier_can_still_go_on(desk):
    code = desk.submit()
    _received_and_reviewed(desk, code)
    for _pass in range(MAX_SEND_BACKS):
        desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Dự thảo giấy khai sinh")
        desk.complete(code, "department_approval", "truongphong.anhoa", decision="send_back", reason="Sửa lại dự thảo")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Dự thảo giấy khai sinh")
    version = desk.dossier(code).version
    with pytest.raises(InvalidData) as refused:
        desk.complete(code, "department_approval", "truongphong.anhoa", decision="send_back", reason="Sửa lại lần nữa")
    assert "đã bị trả lại đến số lần tối đa" in refused.value.errors["decision"]
    assert desk.dossier(code).version == version  # nothing written
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    assert [t.task_name for t in desk.open_tasks(code)] == ["sign"]
