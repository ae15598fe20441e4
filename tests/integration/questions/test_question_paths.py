"""Every path of a question through its diagram and services, with the notices each step queues."""

from __future__ import annotations

import pytest

from engine.errors import InvalidData, NotAllowed
from engine.models import QuestionStatus
from engine.questions.step import QuestionChanged
from tests.integration.questions.conftest import ANSWER, PUBLISH, ROUTE


def subjects(qa, recipient):
    return [n.subject.split(" ", 3)[3] for n in qa.notices(recipient)]


def test_published_answer_reaches_the_asker_and_the_public(qa):
    code = qa.ask()
    assert qa.open_tasks(code) == ["classify_question"]
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    assert qa.question(code).status is QuestionStatus.ROUTED
    assert qa.open_tasks(code) == ["answer_question"]
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    assert qa.question(code).status is QuestionStatus.IN_REVIEW
    qa.complete(code, "review_answer", "bientap", **PUBLISH)
    question = qa.question(code)
    assert question.status is QuestionStatus.PUBLISHED and question.published_at == qa.clock.now()
    assert question.public_folded.startswith("dang ky khai sinh cho con o dau")
    assert qa.open_tasks(code) == []
    assert subjects(qa, "binh@example.vn") == [
        "đã được tiếp nhận",
        "đã được chuyển Sở Tư pháp",
        "đã có câu trả lời",
    ]
    assert "/questions/published/" in qa.notices("binh@example.vn")[-1].body
    assert subjects(qa, "lanhdao.stp@thaian.example.vn") == ["cần trả lời"]


def test_an_answer_sent_without_publishing(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.complete(code, "answer_question", "lanhdao.stp", **ANSWER)  # the agency's leader may answer too
    qa.complete(code, "review_answer", "bientap", decision="send")
    question = qa.question(code)
    assert question.status is QuestionStatus.ANSWERED and question.published_at is None
    assert ANSWER["answer"] in qa.notices("binh@example.vn")[-1].body


@pytest.mark.parametrize(
    ("decision", "status", "subject"),
    [
        ("complaint", QuestionStatus.REFUSED, "không được tiếp nhận theo hình thức hỏi đáp"),
        ("out_of_scope", QuestionStatus.OUT_OF_SCOPE, "không thuộc phạm vi trả lời"),
    ],
)
def test_complaints_and_out_of_scope_questions_are_answered_at_once(qa, decision, status, subject):
    code = qa.ask()
    reply = "Đề nghị ông/bà gửi đơn đến Ban Tiếp công dân tỉnh theo Luật Khiếu nại."
    qa.complete(code, "classify_question", "bientap", decision=decision, reply=reply)
    question = qa.question(code)
    assert question.status is status and question.closed_at == qa.clock.now() and question.reply == reply
    assert qa.open_tasks(code) == []
    last = qa.notices("binh@example.vn")[-1]
    assert subject in last.subject and reply in last.body


def test_rework_sends_the_answer_back_to_the_agency(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    qa.complete(code, "review_answer", "bientap", decision="rework", rework_note="Cần nêu rõ căn cứ pháp lý.")
    question = qa.question(code)
    assert question.status is QuestionStatus.ROUTED and question.answered_at is None
    assert qa.open_tasks(code) == ["answer_question"]
    qa.complete(code, "answer_question", "chuyenvien.stp", kind="answer", answer="Theo Luật Hộ tịch 2014, ...")
    qa.complete(code, "review_answer", "bientap", decision="send")
    assert qa.question(code).answer == "Theo Luật Hộ tịch 2014, ..."


def test_only_the_routed_agency_and_the_editors_take_the_tasks(qa):
    code = qa.ask()
    with pytest.raises(NotAllowed):
        qa.complete(code, "classify_question", "chuyenvien.stp", **ROUTE)
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    with pytest.raises(NotAllowed):
        qa.complete(code, "answer_question", "chuyenvien.stc", **ANSWER)  # another agency's specialist
    with pytest.raises(NotAllowed):
        qa.complete(code, "answer_question", "bientap", **ANSWER)


def test_invalid_forms_and_unknown_agencies_are_refused_without_a_write(qa):
    code = qa.ask()
    version = qa.question(code).version
    with pytest.raises(InvalidData) as refused:
        qa.complete(code, "classify_question", "bientap", decision="accept")
    assert set(refused.value.errors) == {"agency", "topic"}
    with pytest.raises(InvalidData) as unknown:
        qa.complete(code, "classify_question", "bientap", decision="accept", agency="000.00.99.H99", topic="ho_tich")
    assert "Cơ quan trả lời" in unknown.value.errors["agency"]
    assert qa.question(code).version == version and qa.open_tasks(code) == ["classify_question"]


def test_a_stale_page_is_refused(qa):
    code = qa.ask()
    stale = qa.question(code).version
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    from engine.questions.services import complete_question_task

    with qa.runtime.unit_of_work() as uow:
        from sqlalchemy import select

        from engine.models import Question, TaskRow, TaskState

        row = uow.session.scalar(
            select(TaskRow)
            .join(Question, Question.instance_id == TaskRow.instance_id)
            .where(Question.code == code, TaskRow.state == TaskState.OPEN)
        )
    with pytest.raises(QuestionChanged):
        complete_question_task(
            qa.runtime,
            qa.runtime.unit_of_work(),
            task_id=row.id,
            actor_id=qa.user_id("chuyenvien.stp"),
            data=ANSWER,
            expected_version=stale,
        )


def test_asking_needs_a_name_and_a_way_to_reply(qa):
    with pytest.raises(InvalidData) as refused:
        qa.ask(name=" ", email="", phone="")
    assert set(refused.value.errors) == {"name", "email"}
    with pytest.raises(InvalidData) as bad:
        qa.ask(email="not-an-address", phone="12")
    assert set(bad.value.errors) == {"email", "phone"}
    assert qa.ask(email="", phone="0912 345 678").startswith("HD-")


def test_text_is_stored_in_nfc(qa):
    decomposed = "Nguye\u0302\u0303n Va\u0306n A"  # "Nguyễn Văn A" typed with combining marks
    code = qa.ask(name=decomposed)
    assert qa.question(code).asker_name == "Nguyễn Văn A"


def test_demo_questions_reach_their_states_and_loading_twice_adds_nothing(qa):
    from collections import Counter

    from sqlalchemy import select

    from engine.models import Question
    from engine.questions.demo import load_demo_questions

    assert load_demo_questions(qa.runtime) == 7
    assert load_demo_questions(qa.runtime) == 0
    with qa.runtime.unit_of_work() as uow:
        states = Counter(uow.session.scalars(select(Question.status)))
    assert states == {
        QuestionStatus.PUBLISHED: 2,
        QuestionStatus.INTERIM_REPLIED: 1,
        QuestionStatus.ROUTED: 1,
        QuestionStatus.SUBMITTED: 1,
        QuestionStatus.REFUSED: 1,
        QuestionStatus.OUT_OF_SCOPE: 1,
    }


def test_an_asker_who_left_only_a_phone_number_is_told_by_sms(qa):
    code = qa.ask(email="", phone="+84 912 345 678")
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    messages = qa.notices("+84912345678")
    assert {m.channel for m in messages} == {"sms"}
    track = f"http://127.0.0.1:5000/questions/track?code={code}"
    assert [m.body for m in messages] == [
        f"Cau hoi {code} da duoc tiep nhan. Chi tiet: {track}",
        f"Cau hoi {code} da duoc chuyen So Tu phap. Chi tiet: {track}",
    ]
