"""The Q&A report: per agency and period, received, answered on time and late, open on time and overdue."""

from __future__ import annotations

from datetime import datetime

from reports.questions import QuestionCounts, question_report, totals
from tests.integration.questions.conftest import ANSWER, ROUTE


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def report(qa, start="2026-11-01T00:00", end="2026-12-01T00:00"):
    with qa.runtime.unit_of_work() as uow:
        return question_report(uow.session, at(start), at(end), qa.clock.now())


def routed(qa, agency="000.00.31.H99"):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **{**ROUTE, "agency": agency})
    return code


def test_counts_per_agency_as_they_stand_now(qa):
    on_time = routed(qa)
    qa.complete(on_time, "answer_question", "chuyenvien.stp", **ANSWER)
    late, still_open = routed(qa), routed(qa)
    routed(qa, agency="000.00.11.H99")
    declined = qa.ask()
    qa.complete(declined, "classify_question", "bientap", decision="complaint", reply="Gửi Ban Tiếp công dân tỉnh.")
    qa.ask()  # still with the editor
    qa.clock.set(at("2026-12-16T09:00"))  # every deadline of 15/12 09:00 has passed
    qa.complete(late, "answer_question", "chuyenvien.stp", **ANSWER)
    lines = report(qa)
    assert lines == [
        QuestionCounts("", "", 2, 0, 0, 0, 1, 1),
        QuestionCounts("000.00.11.H99", "Sở Tài chính", 1, 0, 0, 0, 1, 0, "Department of Finance"),
        QuestionCounts("000.00.31.H99", "Sở Tư pháp", 3, 1, 1, 0, 1, 0, "Department of Justice"),
    ]
    assert totals(lines) == QuestionCounts("", "", 6, 1, 1, 0, 3, 1)
    assert still_open


def test_the_period_is_by_the_day_questions_were_received(qa):
    routed(qa)
    assert report(qa, "2026-11-24T00:00", "2026-12-01T00:00") == []
    assert report(qa)[0].open_on_time == 1
