"""The national portal's connector hands on a question in the portal's shape: the editors find it marked as national,
the same HOIDAPID again is the same question, and the published answer reaches the portal's stand-in."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.models import Question
from engine.notices.outbox import deliver_outbox
from engine.settings import Settings
from tests.e2e.api.conftest import bearer
from tests.e2e.conftest import sign_in
from tests.integration.questions.conftest import ANSWER, PUBLISH, ROUTE, QuestionDesk
from tests.national_portal import connected_settings

ITEM = {
    "HOIDAPID": "2024112700042",
    "NOIDUNG": "Con tôi sinh ở Nhật Bản, nay về nước thì đăng ký khai sinh ở đâu và cần những giấy tờ gì?",
    "HOVATEN": "Phạm Văn Đức",
    "THUDIENTU": "duc@example.vn",
    "MALINHVUC": "G14",
    "TRANGTHAI": 1,  # more keys of the portal's list than a new question needs: ignored
}


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def _count(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Question))


def test_a_national_question_reaches_the_editors_once_and_its_answer_goes_back(app, client, clock, issue_key, portal):
    connector = issue_key(operations=["questions:submit"])
    first = client.post("/api/national/questions", json=ITEM, headers=bearer(connector))
    again = client.post("/api/national/questions", json=ITEM, headers=bearer(connector))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json() and _count(app) == 1
    code = first.get_json()["code"]

    sign_in(client, "bientap")
    inbox = client.get("/staff/questions").get_data(as_text=True)
    assert code in inbox and "Cổng DVC quốc gia" in inbox
    assert "2024112700042" in client.get(f"/staff/questions/{code}").get_data(as_text=True)

    qa = QuestionDesk(app.extensions["motcua"], clock)
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    qa.complete(code, "review_answer", "bientap", **PUBLISH)
    deliver_outbox(app.extensions["motcua"])
    answers = [r["data"][0] for r in portal.received if r["service"] == "DongBoKetQuaHoiDapGuiTuDVCQG"]
    assert portal.problems == [] and [(a["HOIDAPID"], a["NOIDUNGTRALOI"]) for a in answers] == [
        ("2024112700042", ANSWER["answer"])
    ]


def test_a_refusal_names_the_portals_field_and_needs_the_scope(app, client, issue_key):
    connector = issue_key(operations=["questions:submit"])
    short = client.post("/api/national/questions", json=ITEM | {"NOIDUNG": "Ngắn"}, headers=bearer(connector, "en"))
    assert short.status_code == 422 and set(short.get_json()["errors"]) == {"NOIDUNG"}
    missing = client.post("/api/national/questions", json={"NOIDUNG": ITEM["NOIDUNG"]}, headers=bearer(connector))
    assert missing.status_code == 422 and "HOIDAPID" in missing.get_json()["errors"]
    reader = issue_key(operations=["catalog:read"])
    assert client.post("/api/national/questions", json=ITEM, headers=bearer(reader)).status_code == 403
    assert _count(app) == 0
