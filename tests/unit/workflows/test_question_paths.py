"""Every path of the question diagram (hỏi đáp), driven on the bare SpiffWorkflow engine."""

from __future__ import annotations

import pytest

from engine.workflow.behaviours import task_role
from tests.unit.workflows.driver import Run
from tests.unit.workflows.test_diagram_conventions import task_specs

ROUTE = {"decision": "accept", "agency": "000.00.31.H99", "topic": "ho_tich"}
ANSWER = {"kind": "answer", "answer": "Nộp tại UBND xã."}
INTERIM = {"kind": "interim", "interim_reply": "Đang xin ý kiến.", "promised_date": "2026-12-28"}


def question() -> Run:
    return Run("question", question={"code": "HD-TEST-0001"})


def answered(run: Run) -> Run:
    return run.complete("classify_question", ROUTE).complete("answer_question", ANSWER)


def test_lanes_are_the_editor_and_the_answering_agency():
    roles = {t.bpmn_id: task_role(t).value for t in task_specs("question") if t.manual}
    assert roles == {"classify_question": "qa_editor", "answer_question": "specialist", "review_answer": "qa_editor"}


def test_publish_path():
    run = answered(question()).complete("review_answer", {"decision": "publish"})
    assert run.completed
    milestones = [m for m in run.reached() if m in {"question_routed", "answer_published", "answer_sent"}]
    assert milestones == ["question_routed", "answer_published"]


def test_send_path_does_not_publish():
    run = answered(question()).complete("review_answer", {"decision": "send"})
    assert run.completed and "answer_sent" in run.reached() and "answer_published" not in run.reached()


@pytest.mark.parametrize(
    ("decision", "end"), [("complaint", "question_refused"), ("out_of_scope", "question_out_of_scope")]
)
def test_declined_questions_end_at_once(decision, end):
    run = question().complete("classify_question", {"decision": decision, "reply": "Gửi nơi khác."})
    assert run.completed and end in run.reached() and "question_routed" not in run.reached()


def test_interim_replies_come_back_to_the_agency_until_it_answers():
    run = question().complete("classify_question", ROUTE)
    run.complete("answer_question", INTERIM).complete("answer_question", INTERIM)
    assert run.count("interim_replied") == 2 and run.ready() == ["answer_question"]
    run.complete("answer_question", ANSWER)
    assert run.ready() == ["review_answer"]


def test_rework_goes_back_to_the_agency():
    run = answered(question()).complete("review_answer", {"decision": "rework", "rework_note": "Bổ sung căn cứ."})
    assert "answer_sent_back" in run.reached() and run.ready() == ["answer_question"]
    run.complete("answer_question", ANSWER).complete("review_answer", {"decision": "send"})
    assert run.completed
