"""The 15-working-day answer deadline on a fake clock across holidays, the scheduler's flags, interim replies."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.errors import InvalidData
from engine.models import QuestionStatus
from engine.questions.deadlines import flag_question_deadlines
from tests.integration.questions.conftest import ANSWER, ROUTE

LEADERS_AND_EDITORS = ["bientap@thaian.example.vn", "lanhdao.stp@thaian.example.vn"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def flag_notices(qa):
    return sorted((n.recipient, n.subject.split(" ", 3)[3]) for n in qa.notices() if "hạn trả lời" in n.subject)


def test_the_deadline_skips_the_culture_day_holiday(qa):
    code = qa.ask()  # Monday 23/11/2026 09:00; Tuesday 24/11 is Ngày Văn hóa Việt Nam, a day off from 2026
    assert qa.question(code).due_at == at("2026-12-15T09:00")


def test_the_deadline_skips_the_lunar_new_year(qa):
    qa.clock.set(at("2027-01-25T09:00"))  # Tết Đinh Mùi: 4 to 10 February 2027 are days off
    code = qa.ask()
    assert qa.question(code).due_at == at("2027-02-22T09:00")


def test_an_evening_question_counts_from_the_next_morning(qa):
    qa.clock.set(at("2026-11-27T19:30"))  # Friday evening
    assert qa.question(qa.ask()).due_at == at("2026-12-18T17:00")  # from Monday 30/11, the 15th working day, closing


def test_near_and_past_the_deadline_are_flagged_once_for_the_editor_and_the_agency_leader(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.clock.set(at("2026-12-10T17:00"))  # more than two working days before Tuesday 15/12 09:00
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": []}
    qa.clock.set(at("2026-12-11T10:00"))  # Friday: Monday and Tuesday morning are left
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": [code]}
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": []}
    assert flag_notices(qa) == [(r, "sắp đến hạn trả lời") for r in LEADERS_AND_EDITORS]
    qa.clock.set(at("2026-12-15T09:01"))
    assert flag_question_deadlines(qa.runtime) == {"overdue": [code], "due_soon": []}
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": []}
    assert [s for r, s in flag_notices(qa) if r == "bientap@thaian.example.vn"] == [
        "sắp đến hạn trả lời",
        "đã quá hạn trả lời",
    ]


def test_an_unrouted_question_is_flagged_for_the_editor_alone(qa):
    code = qa.ask()
    qa.clock.set(at("2026-12-15T10:00"))
    assert flag_question_deadlines(qa.runtime)["overdue"] == [code]
    assert [r for r, _s in flag_notices(qa)] == ["bientap@thaian.example.vn"]


def test_the_near_window_is_configurable(qa, runtime):
    from dataclasses import replace

    code = qa.ask()
    qa.runtime.settings = replace(runtime.settings, question_due_soon_days=5)
    qa.clock.set(at("2026-12-08T10:00"))  # five working days before 15/12 09:00 would be 08/12 09:00
    assert flag_question_deadlines(qa.runtime)["due_soon"] == [code]


def test_answered_and_closed_questions_are_never_flagged(qa):
    answered = qa.ask()
    qa.complete(answered, "classify_question", "bientap", **ROUTE)
    qa.complete(answered, "answer_question", "chuyenvien.stp", **ANSWER)  # in review with the editor
    declined = qa.ask()
    qa.complete(declined, "classify_question", "bientap", decision="out_of_scope", reply="Không thuộc phạm vi.")
    qa.clock.set(at("2027-01-04T09:00"))
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": []}


def test_an_interim_reply_in_time_moves_the_deadline_to_the_promised_date(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.clock.set(at("2026-12-11T10:00"))
    flag_question_deadlines(qa.runtime)
    interim = "Câu hỏi cần ý kiến của Sở Nội vụ; chúng tôi sẽ trả lời sau khi có ý kiến."
    qa.complete(
        code, "answer_question", "chuyenvien.stp", kind="interim", interim_reply=interim, promised_date="2026-12-26"
    )
    question = qa.question(code)
    # 26/12/2026 is a Saturday: the promise holds until the close of Monday 28/12
    assert question.due_at == question.interim_promised_at == at("2026-12-28T17:00")
    assert question.status is QuestionStatus.INTERIM_REPLIED and question.due_soon_flagged_at is None
    assert qa.open_tasks(code) == ["answer_question"]
    assert interim in qa.notices("binh@example.vn")[-1].body
    qa.clock.set(at("2026-12-16T09:00"))
    assert flag_question_deadlines(qa.runtime) == {"overdue": [], "due_soon": []}
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    qa.complete(code, "review_answer", "bientap", decision="send")
    assert qa.question(code).answered_at <= qa.question(code).due_at


def test_a_late_interim_reply_leaves_the_question_overdue(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.clock.set(at("2026-12-16T09:00"))
    qa.complete(
        code,
        "answer_question",
        "chuyenvien.stp",
        kind="interim",
        interim_reply="Đang xin ý kiến.",
        promised_date="2026-12-30",
    )
    assert qa.question(code).due_at == at("2026-12-15T09:00")


def test_a_promised_date_must_be_in_the_future(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    with pytest.raises(InvalidData) as refused:
        qa.complete(
            code,
            "answer_question",
            "chuyenvien.stp",
            kind="interim",
            interim_reply="Đang xin ý kiến.",
            promised_date="2026-11-23",
        )
    assert "promised_date" in refused.value.errors
