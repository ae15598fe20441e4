"""The multi-agency diagram (liên thông): one parallel contribution task per agency, then integration."""

from __future__ import annotations

from tests.unit.workflows.driver import Run, signed, to_review

CONTRIBUTORS = [
    {"agency": "000.00.15.H99", "due": "2026-12-01T17:00:00+07:00"},
    {"agency": "000.00.16.H99", "due": "2026-12-02T17:00:00+07:00"},
]
RESULT = {"proposal": "result", "draft_summary": "Đủ điều kiện cấp phép"}


def contributing() -> Run:
    run = to_review(Run("lien_thong"))
    return run.complete("review", RESULT, contributors=CONTRIBUTORS)


def contribute_all(run: Run) -> Run:
    tasks = [t for t in run.workflow.get_tasks(spec_name="contribute [child]") if t.task_spec.bpmn_id]
    for task in sorted((t for t in tasks if t.state == 16), key=lambda t: t.data["contributor"]["agency"]):
        task.data["contribute"] = {"opinion": "agree", "comment": f"Thống nhất ({task.data['contributor']['agency']})"}
        task.run()
    run.workflow.do_engine_steps()
    return run


def test_one_contribution_task_per_agency_in_parallel():
    run = contributing()
    assert run.ready() == ["contribute", "contribute"]
    agencies = {t.data["contributor"]["agency"] for t in run.workflow.get_tasks(state=16, manual=True)}
    assert agencies == {"000.00.15.H99", "000.00.16.H99"}


def test_integration_waits_for_every_agency():
    run = contributing()
    first = run.workflow.get_tasks(state=16, manual=True)[0]
    first.data["contribute"] = {"opinion": "disagree", "comment": "Cần làm rõ diện tích"}
    first.run()
    run.workflow.do_engine_steps()
    assert run.ready() == ["contribute"]


def test_contributions_are_collected_with_their_agency_then_integrated_to_the_end():
    run = contribute_all(contributing())
    assert run.ready() == ["integrate"]
    integrate = run.workflow.get_tasks(state=16, manual=True)[0]
    contributions = integrate.data["contributions"]
    assert sorted(c["agency"] for c in contributions) == ["000.00.15.H99", "000.00.16.H99"]
    assert all(c["opinion"] == "agree" and c["comment"].startswith("Thống nhất") for c in contributions)
    run.complete("integrate", {"summary": "Các cơ quan thống nhất"})
    signed(run).complete("return_result", {"return_method": "online"})
    assert run.completed
    milestones = ["dossier_received", "decision_signed", "result_returned"]
    assert [m for m in run.reached() if m in milestones] == milestones


def test_send_back_asks_the_agencies_again():
    run = contribute_all(contributing()).complete("integrate", {"summary": "Các cơ quan thống nhất"})
    run.complete("department_approval", {"decision": "send_back", "reason": "Xin ý kiến lại"})
    run.complete("review", RESULT)
    assert run.ready() == ["contribute", "contribute"]
    contribute_all(run)
    integrate = run.workflow.get_tasks(state=16, manual=True)[0]
    assert len(integrate.data["contributions"]) == 2


def test_refusal_and_supplement_and_requests_as_in_one_stop():
    run = to_review(Run("lien_thong")).complete(
        "review", {"proposal": "refuse", "refusal_reason": "Không đủ điều kiện"}
    )
    run.complete("approve_refusal", {"decision": "approve"})
    assert "refused_after_review" in run.reached() and run.completed
    run = to_review(Run("lien_thong")).deliver("stop_requested").complete("approve_stop", {"decision": "approve"})
    assert "dossier_stopped" in run.reached() and run.completed
    run = to_review(Run("lien_thong")).deliver("withdrawal_requested")
    assert "dossier_withdrawn" in run.reached() and run.completed
