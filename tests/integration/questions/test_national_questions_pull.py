"""Without a push arrangement, the scheduler reads the questions listed by the national portal
(LayDanhSachHoiDapGuiTuDVCQG) and receives each once per HOIDAPID; a failing portal or a refused item is logged and
read again at the next run, never received twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.models import JobOutcome, JobRun, Question, QuestionSource
from engine.national_portal.pull import pull_national_questions
from engine.national_portal.questions import NationalQuestion, receive_question
from engine.operations.job_runs import run_recorded
from engine.settings import Settings
from tests.national_portal import UNIT, connected_settings

BODY = "Tôi sinh con ở Nhật Bản, nay về nước thì đăng ký khai sinh cho con ở đâu và cần giấy tờ gì?"


def _item(national_id: int, **more) -> dict:
    return {"HOIDAPID": national_id, "NOIDUNG": BODY, "HOVATEN": "Phạm Văn Đức", "TRANGTHAI": 1} | more


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def _national_ids(qa) -> list[str]:
    with qa.runtime.unit_of_work() as uow:
        return sorted(
            uow.session.scalars(select(Question.national_id).where(Question.source == QuestionSource.NATIONAL))
        )


def test_listed_questions_are_received_once_each(qa, portal):
    portal.questions = [_item(101), _item(102, MADONVI="000.00.31.H99", THUDIENTU="duc@example.vn")]
    first = pull_national_questions(qa.runtime)
    assert (first.listed, first.received, first.known, first.error) == (2, 2, 0, "")
    request = portal.received[0]
    assert request["service"] == "LayDanhSachHoiDapGuiTuDVCQG" and request["madonvi"] == UNIT
    assert _national_ids(qa) == ["101", "102"]

    portal.questions.append(_item(103))
    again = pull_national_questions(qa.runtime)
    assert (again.received, again.known) == (1, 2)
    assert _national_ids(qa) == ["101", "102", "103"]
    with qa.runtime.unit_of_work() as uow:
        question = uow.session.scalar(select(Question).where(Question.national_id == "102"))
        assert question.requested_agency.code == "000.00.31.H99" and question.asker_email == "duc@example.vn"
        assert qa.open_tasks(question.code) == ["classify_question"]


def test_a_question_pushed_before_is_not_received_again_by_the_pull(qa, portal):
    pushed = receive_question(qa.runtime, qa.runtime.unit_of_work(), NationalQuestion("104", BODY))
    portal.questions = [_item(104)]
    pulled = pull_national_questions(qa.runtime)
    assert (pulled.received, pulled.known) == (0, 1)
    with qa.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).where(Question.national_id == "104")) == 1
        assert uow.session.scalar(select(Question.code).where(Question.national_id == "104")) == pushed.asked.code


def test_withdrawn_invalid_and_unnumbered_items_are_skipped_and_the_others_received(qa, portal, caplog):
    portal.questions = [
        _item(201, TRANGTHAI=0),
        _item(202, NOIDUNG="Quá ngắn"),
        _item(0),
        {"NOIDUNG": BODY},
        _item(203),
    ]
    pulled = pull_national_questions(qa.runtime)
    assert pulled.received == 1 and pulled.skipped == ["201", "202", "0", ""]
    assert _national_ids(qa) == ["203"]
    assert "national question 202 not received" in caplog.text and "NOIDUNG" in caplog.text


def test_a_failing_portal_is_logged_and_read_again_at_the_next_run(qa, portal):
    portal.questions = [_item(301)]
    portal.failing = 1
    run_recorded(qa.runtime, "pull_national_questions", pull_national_questions)
    assert _national_ids(qa) == []
    portal.refusing = 1
    run_recorded(qa.runtime, "pull_national_questions", pull_national_questions)
    run_recorded(qa.runtime, "pull_national_questions", pull_national_questions)
    assert _national_ids(qa) == ["301"]
    with qa.runtime.unit_of_work() as uow:
        runs = uow.session.scalars(select(JobRun).order_by(JobRun.id)).all()
        assert [run.outcome for run in runs] == [JobOutcome.FAILED, JobOutcome.FAILED, JobOutcome.OK]
        assert "503" in runs[0].error and "refused LayDanhSachHoiDapGuiTuDVCQG" in runs[1].error
        assert runs[2].counts == {"listed": 1, "received": 1, "known": 0, "skipped": 0}
