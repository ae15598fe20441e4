"""The staff inbox page: each clerk's open tasks, claiming and releasing, closed to applicants."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import csrf_token, sign_in, task_id_in

pytestmark = pytest.mark.usefixtures("demo")


def test_the_clerk_sees_the_new_dossier_and_claims_it(client, dossier):
    sign_in(client, "motcua.anhoa")
    page = client.get("/staff/tasks").get_data(as_text=True)
    assert dossier in page and "Kiểm tra tính đầy đủ, hợp lệ" in page and "Nguyễn Thị Hoa" in page
    task_id = task_id_in(page)
    response = client.post(f"/staff/tasks/{task_id}/claim", data={"csrf_token": csrf_token(client, "/staff/tasks")})
    assert response.status_code == 303
    page = client.get("/staff/tasks").get_data(as_text=True)
    assert "Bạn đã nhận xử lý bước này." in page and "Trả lại" in page


def test_search_without_accents(client, dossier):
    sign_in(client, "motcua.anhoa")
    assert dossier in client.get("/staff/tasks?q=nguyen+thi+hoa").get_data(as_text=True)
    assert dossier not in client.get("/staff/tasks?q=tran+van").get_data(as_text=True)


def test_another_units_clerk_cannot_see_or_claim_it(client, dossier):
    sign_in(client, "motcua.anhoa")
    task_id = task_id_in(client.get("/staff/tasks").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "motcua.tanlap")
    assert dossier not in client.get("/staff/tasks").get_data(as_text=True)
    token = csrf_token(client, "/staff/tasks")
    assert client.post(f"/staff/tasks/{task_id}/claim", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/staff/tasks/{int(task_id) + 1000}/claim", data={"csrf_token": token}).status_code == 404


def test_applicants_are_refused(client):
    sign_in(client, "nguyenvanan")
    assert client.get("/staff/tasks").status_code == 403


def test_bad_filters_are_ignored_not_errors(client, dossier):
    sign_in(client, "motcua.anhoa")
    response = client.get("/staff/tasks?page=x&sla=nonsense&from=31-02-2026")
    assert response.status_code == 200 and dossier in response.get_data(as_text=True)
