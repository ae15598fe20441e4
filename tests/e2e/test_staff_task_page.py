"""The task page: the dossier, its history and the task's form; errors next to the fields, nothing written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import csrf_token, sign_in, task_id_in

pytestmark = pytest.mark.usefixtures("demo")


def _open_task(client) -> tuple[str, str]:
    page = client.get("/staff/tasks").get_data(as_text=True)
    task_id = task_id_in(page)
    return task_id, client.get(f"/staff/tasks/{task_id}").get_data(as_text=True)


def _version(page: str) -> str:
    return page.split('name="version" value="')[1].split('"')[0]


def test_the_page_shows_the_dossier_the_form_and_the_history(client, dossier):
    sign_in(client, "motcua.anhoa")
    _task, page = _open_task(client)
    assert dossier in page and "Nguyễn Thị Hoa" in page
    assert "Chưa đầy đủ — yêu cầu bổ sung" in page  # enum labels
    assert "Tờ khai đăng ký khai sinh" in page  # the procedure's documents to choose from
    assert "Nộp hồ sơ" in page and "dossier_submitted" not in page  # the history reads in words


def test_a_missing_answer_is_shown_next_to_its_field_and_nothing_moves(client, dossier):
    sign_in(client, "motcua.anhoa")
    task_id, page = _open_task(client)
    response = client.post(
        f"/staff/tasks/{task_id}",
        data={
            "csrf_token": csrf_token(client, f"/staff/tasks/{task_id}"),
            "version": _version(page),
            "decision": "incomplete",
        },
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Giấy tờ cần bổ sung: bắt buộc nhập." in body and "Nội dung yêu cầu bổ sung: bắt buộc nhập." in body
    assert client.get(f"/staff/tasks/{task_id}").status_code == 200  # still open


def test_completing_the_check_moves_the_dossier_on(client, dossier):
    sign_in(client, "motcua.anhoa")
    task_id, page = _open_task(client)
    response = client.post(
        f"/staff/tasks/{task_id}",
        data={
            "csrf_token": csrf_token(client, f"/staff/tasks/{task_id}"),
            "version": _version(page),
            "decision": "complete",
        },
    )
    assert response.status_code == 303
    inbox = client.get("/staff/tasks").get_data(as_text=True)
    assert ("Đã hoàn thành bước" in inbox and "Chuyển hồ sơ" in inbox) or "hand_over" in inbox or dossier in inbox
    assert client.get(f"/staff/tasks/{task_id}").status_code == 404  # that task is done


def test_a_stale_page_gets_a_conflict_not_a_second_step(client, dossier):
    sign_in(client, "motcua.anhoa")
    task_id, page = _open_task(client)
    stale = _version(page)
    token = csrf_token(client, f"/staff/tasks/{task_id}")
    client.post(f"/staff/tasks/{task_id}/claim", data={"csrf_token": token})
    response = client.post(
        f"/staff/tasks/{task_id}", data={"csrf_token": token, "version": str(int(stale) - 1), "decision": "complete"}
    )
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.get_data(as_text=True)


def test_other_units_and_applicants_cannot_open_it(client, dossier):
    sign_in(client, "motcua.anhoa")
    task_id, _page = _open_task(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "motcua.tanlap")
    assert client.get(f"/staff/tasks/{task_id}").status_code == 404  # as a missing one: ids cannot be probed
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "nguyenvanan")
    assert client.get(f"/staff/tasks/{task_id}").status_code == 403
