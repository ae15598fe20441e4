"""The clerk who loses a race for a task is told what happened (409) with a link to the dossier, not a 404."""

from __future__ import annotations

import pytest

import webapp.staff
from tests.e2e.conftest import form_page, sign_in

pytestmark = pytest.mark.usefixtures("demo")

CHECK = "check_completeness"


def _posted_check(client, desk, code: str) -> tuple[str, dict[str, str]]:
    sign_in(client, "motcua.anhoa")
    path = f"/staff/tasks/{desk.task(code, CHECK).id}"
    _page, fields = form_page(client, path)
    return path, {**fields, "decision": "complete"}


def _assert_told(response, code: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 409, body[:300]
    assert "Bước xử lý đã kết thúc" in body
    assert f"của hồ sơ {code} đã được Đặng Thị Mai hoàn thành lúc 09:00 23/11/2026" in body
    assert f'href="/staff/dossiers/{code}"' in body


def test_a_form_posted_after_another_tab_finished_the_task(client, desk, dossier):
    path, fields = _posted_check(client, desk, dossier)
    desk.complete(dossier, CHECK, "motcua.anhoa", decision="complete")  # the other tab wins
    _assert_told(client.post(path, data=fields), dossier)
    assert desk.task(dossier, "hand_over")  # one step, not two


def test_a_task_finished_while_the_post_was_running(client, desk, dossier, monkeypatch):
    path, fields = _posted_check(client, desk, dossier)
    real = webapp.staff.complete_task

    def overtaken(*args, **kwargs):
        desk.complete(dossier, CHECK, "motcua.anhoa", decision="complete")
        return real(*args, **kwargs)

    monkeypatch.setattr(webapp.staff, "complete_task", overtaken)
    response = client.post(path, data=fields)
    _assert_told(response, dossier)
    assert "hiện không thể thực hiện bước này (đã xong hoặc bị hủy)" in response.get_data(as_text=True)


def test_others_and_unknown_tasks_still_get_404(client, desk, dossier):
    path, fields = _posted_check(client, desk, dossier)
    desk.complete(dossier, CHECK, "motcua.anhoa", decision="complete")
    assert client.post("/staff/tasks/999999", data=fields).status_code == 404
    assert client.get(path).status_code == 404  # reading a finished task stays a plain "not found"
    client.post("/logout", data={"csrf_token": fields["csrf_token"]})
    sign_in(client, "motcua.tanlap")  # another commune's clerk learns nothing about this dossier
    _page, theirs = form_page(client, "/staff/tasks")
    response = client.post(path, data={**theirs, "decision": "complete"})
    assert response.status_code == 404 and dossier not in response.get_data(as_text=True)
