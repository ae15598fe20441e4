"""Every path of the one-stop diagram (một cửa), driven on the bare SpiffWorkflow engine."""

from __future__ import annotations

from tests.unit.workflows.driver import PAST, Run, received, signed, to_review

INCOMPLETE = {"decision": "incomplete", "missing_documents": [3], "supplement_note": "Thiếu bản sao giấy khai sinh"}
RESULT = {"proposal": "result", "draft_summary": "Đồng ý cấp giấy chứng nhận"}
SUPPLEMENT = {"proposal": "supplement", "missing_documents": [2], "supplement_note": "Bổ sung bản vẽ"}
REFUSE = {"proposal": "refuse", "refusal_reason": "Không thuộc thẩm quyền"}


def finish(run: Run) -> Run:
    signed(run.complete("review", RESULT))
    return run.complete("return_result", {"return_method": "counter", "receiver_name": "Nguyễn Văn A"})


def test_happy_path_reaches_every_milestone_in_order():
    run = finish(to_review(Run()))
    reached = run.reached()
    milestones = ["dossier_submitted", "dossier_received", "hand_over", "decision_signed", "result_returned"]
    assert [m for m in reached if m in milestones] == milestones
    assert run.completed
    assert "handover_late" not in reached


def test_supplement_at_reception_waits_for_the_applicant_then_checks_again():
    run = Run().complete("check_completeness", INCOMPLETE)
    assert run.ready() == []
    assert "supplement_received" in run.waiting_for()
    assert "supplement_requested" in run.reached()
    run.deliver("supplement_received")
    assert run.ready() == ["check_completeness"]
    finish(to_review(run))
    assert run.completed


def test_supplement_at_reception_twice():
    run = Run()
    for _ in range(2):
        run.complete("check_completeness", INCOMPLETE).deliver("supplement_received")
    assert run.count("supplement_requested") == 2
    assert run.ready() == ["check_completeness"]
    finish(to_review(run))
    assert run.completed and run.count("dossier_received") == 1


def test_refusal_at_reception_ends_the_dossier():
    run = Run().complete("check_completeness", {"decision": "ineligible", "refusal_reason": "Sai thủ tục"})
    assert "refused_at_reception" in run.reached()
    assert "dossier_received" not in run.reached()
    assert run.completed


def test_supplement_after_review_approved_waits_for_the_applicant():
    run = to_review(Run()).complete("review", SUPPLEMENT)
    assert run.ready() == ["approve_supplement"]
    run.complete("approve_supplement", {"decision": "approve"})
    assert run.ready() == []
    assert "supplement_requested_after_review" in run.reached()
    run.deliver("supplement_received")
    assert run.ready() == ["review"]
    finish(run)
    assert run.completed


def test_supplement_after_review_rejected_goes_back_to_review():
    run = to_review(Run()).complete("review", SUPPLEMENT)
    run.complete("approve_supplement", {"decision": "reject", "reason": "Hồ sơ đã đủ"})
    assert run.ready() == ["review"]
    assert "supplement_requested_after_review" not in run.reached()


def test_refusal_after_review_approved_ends_the_dossier():
    run = to_review(Run()).complete("review", REFUSE)
    assert run.ready() == ["approve_refusal"]
    run.complete("approve_refusal", {"decision": "approve"})
    assert "refused_after_review" in run.reached()
    assert run.completed


def test_refusal_after_review_rejected_goes_back_to_review():
    run = to_review(Run()).complete("review", REFUSE)
    run.complete("approve_refusal", {"decision": "reject", "reason": "Đủ điều kiện giải quyết"})
    assert run.ready() == ["review"]
    finish(run)
    assert "refused_after_review" not in run.reached()


def test_department_sends_back_to_review():
    run = to_review(Run()).complete("review", RESULT)
    run.complete("department_approval", {"decision": "send_back", "reason": "Sửa căn cứ pháp lý"})
    assert run.ready() == ["review"]
    finish(run)
    assert run.count("review") == 2


def test_sign_sends_back_to_review():
    run = to_review(Run()).complete("review", RESULT).complete("department_approval", {"decision": "approve"})
    run.complete("sign", {"decision": "send_back", "reason": "Sai số liệu"})
    assert run.ready() == ["review"]
    assert "decision_signed" not in run.reached()
    finish(run)
    assert run.count("decision_signed") == 1


def test_handover_timer_flags_late_but_keeps_the_task_open():
    run = received(Run(), handover_due=PAST).refresh_timers()
    assert "handover_late" in run.reached()
    assert "handover_late_noted" in run.reached()
    assert run.ready() == ["hand_over"]
    finish(run.complete("hand_over"))
    assert run.completed and run.count("handover_late") == 1


def test_handover_timer_does_not_fire_before_its_moment():
    run = received(Run()).refresh_timers()
    assert "handover_late" not in run.reached()
    run.complete("hand_over")
    assert "handover_deadline" not in {e.name for e in run.workflow.waiting_events()}


def test_apology_approved_while_the_dossier_goes_on():
    run = to_review(Run()).deliver("apology_requested")
    assert run.ready() == ["approve_apology", "review"]
    run.complete("approve_apology", {"decision": "approve"})
    assert "apology_approved" in run.reached()
    assert run.ready() == ["review"]
    finish(run)
    assert run.completed


def test_apology_rejected():
    run = to_review(Run()).deliver("apology_requested")
    run.complete("approve_apology", {"decision": "reject", "reason": "Vẫn kịp hạn"})
    assert "apology_approved" not in run.reached()
    assert run.ready() == ["review"]


def test_stop_approved_terminates_the_dossier():
    run = to_review(Run()).deliver("stop_requested")
    assert run.ready() == ["approve_stop", "review"]
    run.complete("approve_stop", {"decision": "approve"})
    assert "dossier_stopped" in run.reached()
    assert run.completed
    assert run.ready() == []
    assert run.waiting_for() == set()


def test_stop_rejected_then_requested_again():
    run = to_review(Run()).deliver("stop_requested")
    run.complete("approve_stop", {"decision": "reject", "reason": "Tiếp tục giải quyết"})
    assert run.ready() == ["review"]
    assert not run.completed
    run.deliver("stop_requested").complete("approve_stop", {"decision": "approve"})
    assert run.completed


def test_withdrawal_ends_the_dossier_at_once():
    run = received(Run()).deliver("withdrawal_requested")
    assert "dossier_withdrawn" in run.reached()
    assert run.completed
    assert run.ready() == []


def test_withdrawal_while_waiting_for_a_supplement():
    run = Run().complete("check_completeness", INCOMPLETE).deliver("withdrawal_requested")
    assert "dossier_withdrawn" in run.reached()
    assert run.completed


def test_apology_rejected_then_requested_again_and_closed_with_the_dossier():
    run = to_review(Run()).deliver("apology_requested")
    run.complete("approve_apology", {"decision": "reject", "reason": "Vẫn kịp hạn"})
    assert "apology_requested" in run.waiting_for()
    run.deliver("apology_requested").complete("approve_apology", {"decision": "approve"})
    assert run.count("apology_approved") == 1
    finish(run)
    assert run.completed and run.waiting_for() == set()
