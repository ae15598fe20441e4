"""A question the national portal received reaches the editors' inbox through the API, checked as the public form
checks it."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.models import Question
from tests.e2e.api.conftest import bearer
from tests.e2e.conftest import sign_in

QUESTION = {
    "name": "Phạm Văn Đức",
    "email": "duc@example.vn",
    "title": "Đăng ký khai sinh cho con sinh ở nước ngoài",
    "body": "Con tôi sinh ở Nhật Bản, tôi nộp hồ sơ ở đâu?",
}


def _questions(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Question))


def test_a_question_handed_on_waits_for_the_editors(app, client, issue_key):
    portal = issue_key(operations=["questions:submit"])
    response = client.post("/api/questions", json=QUESTION, headers=bearer(portal))
    assert response.status_code == 201
    code = response.get_json()["code"]
    assert code.startswith("HD-") and response.get_json()["due_at"]
    sign_in(client, "bientap")
    assert code in client.get("/staff/questions").get_data(as_text=True)


def test_the_question_services_rules_apply(app, client, issue_key):
    portal = issue_key(operations=["questions:submit"])
    nobody = QUESTION | {"email": "", "phone": ""}
    response = client.post("/api/questions", json=nobody, headers=bearer(portal, "en"))
    assert response.status_code == 422 and "email" in response.get_json()["errors"]
    reader = issue_key(operations=["catalog:read"])
    assert client.post("/api/questions", json=QUESTION, headers=bearer(reader)).status_code == 403
    assert _questions(app) == 0
