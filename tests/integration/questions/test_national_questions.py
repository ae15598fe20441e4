"""A question asked on the national portal enters the editors' inbox once per national id, marked as national, and
its answer goes back to the portal through the outbox when it is sent or published, retried while the portal
fails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidData
from engine.models import OutboxState, Question, QuestionSource
from engine.national_portal.messages import RECIPIENT
from engine.national_portal.questions import NationalQuestion, receive_question
from engine.notices.outbox import deliver_outbox
from engine.settings import Settings
from tests.integration.questions.conftest import ANSWER, PUBLISH, ROUTE
from tests.national_portal import UNIT, connected_settings

ITEM = NationalQuestion(
    national_id="2024112700015",
    body="Tôi sinh con ở Nhật Bản, nay về nước thì đăng ký khai sinh cho con ở đâu và cần giấy tờ gì?",
    name="Phạm Văn Đức",
    sector="G14",  # the portal's sector code, unknown here: left to the editor
    agency="000.00.31.H99",
)


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def _receive(qa, item: NationalQuestion = ITEM):
    return receive_question(qa.runtime, qa.runtime.unit_of_work(), item)


def _answers(portal) -> list[dict]:
    return [r["data"][0] for r in portal.received if r["service"] == "DongBoKetQuaHoiDapGuiTuDVCQG"]


def test_a_national_question_is_received_once_into_the_editors_inbox(qa):
    first, again = _receive(qa), _receive(qa)
    assert first.created and not again.created and again.asked == first.asked
    question = qa.question(first.asked.code)
    assert question.source is QuestionSource.NATIONAL and question.national_id == ITEM.national_id
    assert question.title.startswith("Tôi sinh con ở Nhật Bản") and question.topic is None
    assert question.requested_agency.code == "000.00.31.H99" and question.asker_email == ""
    assert qa.open_tasks(first.asked.code) == ["classify_question"]
    with qa.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).where(Question.national_id == ITEM.national_id)) == 1


def test_a_refused_national_question_names_the_portals_field(qa):
    with pytest.raises(InvalidData) as refused:
        _receive(qa, NationalQuestion(national_id="9", body="Quá ngắn"))
    assert set(refused.value.errors) == {"NOIDUNG"}


def test_the_published_answer_goes_back_to_the_portal(qa, portal):
    code = _receive(qa).asked.code
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    deliver_outbox(qa.runtime)
    assert qa.notices(RECIPIENT) == []  # nothing goes back before the answer is out
    qa.complete(code, "review_answer", "bientap", **PUBLISH)
    deliver_outbox(qa.runtime)
    assert portal.problems == []
    [sent] = _answers(portal)
    assert sent["HOIDAPID"] == ITEM.national_id and sent["NOIDUNGTRALOI"] == ANSWER["answer"]
    assert sent["MADONVI"] == UNIT and sent["NGUOITRALOI"] == "Sở Tư pháp"
    assert sent["NGAYTRALOI"] == qa.clock.now().astimezone(qa.runtime.tz).strftime("%d/%m/%Y")


def test_an_answer_sent_without_publishing_goes_back_too_and_a_province_question_never(qa, portal):
    province = qa.ask()
    for code in (_receive(qa).asked.code, province):
        qa.complete(code, "classify_question", "bientap", **ROUTE)
        qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
        qa.complete(code, "review_answer", "bientap", decision="send")
    deliver_outbox(qa.runtime)
    assert [a["HOIDAPID"] for a in _answers(portal)] == [ITEM.national_id]


def test_a_failing_portal_is_retried_with_backoff(qa, portal, clock):
    code = _receive(qa).asked.code
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    portal.failing = 1
    qa.complete(code, "review_answer", "bientap", decision="send")  # the editor's step never waits for the portal
    deliver_outbox(qa.runtime)
    [waiting] = qa.notices(RECIPIENT)
    assert waiting.state is OutboxState.PENDING and waiting.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert _answers(portal) == []
    clock.advance(timedelta(minutes=1))
    deliver_outbox(qa.runtime)
    assert len(_answers(portal)) == 1 and qa.notices(RECIPIENT)[0].state is OutboxState.SENT


def test_a_province_question_published_goes_up_as_published_and_once(qa, portal):
    province, national = qa.ask(), _receive(qa).asked.code
    for code in (province, national):
        qa.complete(code, "classify_question", "bientap", **ROUTE)
        qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
        qa.complete(code, "review_answer", "bientap", **PUBLISH)
    for _ in range(3):
        deliver_outbox(qa.runtime)
    assert portal.problems == []
    published = [r["data"][0] for r in portal.received if r["service"] == "DongBoHoiDap"]
    assert published == [
        {
            "HOIDAPID": str(qa.question(province).id),
            "MaLinhVuc": "ho_tich",
            "NOIDUNG": PUBLISH["public_question"],
            "MADONVI": "000.00.31.H99",
            "TENDONVI": "Sở Tư pháp",
            "NOIDUNGTRALOI": PUBLISH["public_answer"],
        }
    ]  # the national question went back as its answer only
    assert [a["HOIDAPID"] for a in _answers(portal)] == [ITEM.national_id]
