"""Leaders see their unit's open tasks and reassign them; counts per SLA state, pages and the received-date filter."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

import engine.dossiers.inbox
from tests.e2e.conftest import at_review, csrf_token, sign_in


def _reassign(client, desk, code: str, assignee: int):
    path = f"/staff/tasks/{desk.task(code, 'review').id}"
    return client.post(f"{path}/reassign", data={"csrf_token": csrf_token(client, "/"), "assignee": str(assignee)})


def test_the_department_leader_sees_the_review_and_gives_it_to_a_specialist(client, desk):
    code = at_review(desk)
    sign_in(client, "truongphong.stc")
    inbox = client.get("/staff/tasks").get_data(as_text=True)
    assert code in inbox and "Phân công" in inbox and "Nhận xử lý" not in inbox  # leads it, does not work it
    page = client.get(f"/staff/tasks/{desk.task(code, 'review').id}").get_data(as_text=True)
    assert "Phan Kim Ngân" in page and 'name="assignee"' in page
    response = _reassign(client, desk, code, desk.user_id("chuyenvien.stc"))
    assert response.status_code == 303
    assert desk.task(code, "review").claimed_by_id == desk.user_id("chuyenvien.stc")
    assert "Phan Kim Ngân" in client.get("/staff/tasks").get_data(as_text=True)


def test_the_agency_leader_sees_every_department(client, desk):
    code = at_review(desk)
    sign_in(client, "lanhdao.stc")
    assert code in client.get("/staff/tasks").get_data(as_text=True)


def test_reassigning_to_someone_who_may_not_work_it_is_refused(client, desk):
    code = at_review(desk)
    sign_in(client, "truongphong.stc")
    response = _reassign(client, desk, code, desk.user_id("chuyenvien.snnmt"))
    assert response.status_code == 400 and "không xử lý được bước này" in response.get_data(as_text=True)
    assert desk.task(code, "review").claimed_by_id is None


@pytest.mark.parametrize("login", ["chuyenvien.stc", "truongphong.snnmt", "lanhdao.stp", "motcua.ttpv"])
def test_only_a_leader_of_the_unit_reassigns(client, desk, login):
    code = at_review(desk)
    sign_in(client, login)
    response = _reassign(client, desk, code, desk.user_id("chuyenvien.stc"))
    if login == "chuyenvien.stc":  # sees the task, may not give it away: refused with a message
        assert response.status_code == 303
        assert "Bạn không có quyền phân công lại bước này." in client.get("/staff/tasks").get_data(as_text=True)
    else:  # another unit's task answers as a missing one
        assert response.status_code == 404
    assert desk.task(code, "review").claimed_by_id is None


@pytest.mark.parametrize("login", ["motcua.tanlap", "chuyenvien.stc", "lanhdao.anhoa"])
def test_other_units_cannot_claim_or_complete_by_guessing_ids(client, desk, login):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    task = desk.task(code, "hand_over").id
    sign_in(client, login)
    token = csrf_token(client, "/")
    version = str(desk.dossier(code).version)
    client.post(f"/staff/tasks/{task}/claim", data={"csrf_token": token})
    assert desk.task(code, "hand_over").claimed_by_id is None
    posted = client.post(f"/staff/tasks/{task}", data={"csrf_token": token, "version": version})
    assert posted.status_code == (403 if login == "lanhdao.anhoa" else 404)
    assert desk.task(code, "hand_over").id == task  # not handed over
    assert client.get(f"/staff/tasks/{task + 1000}").status_code == 404
    if login == "lanhdao.anhoa":  # leads the ward: sees it, may not work it
        assert client.get(f"/staff/tasks/{task}").status_code == 200
        return
    assert client.get(f"/staff/tasks/{task}").status_code == 404  # the same answer as for a missing id
    assert code not in client.get("/staff/tasks").get_data(as_text=True)


def test_counts_pages_and_filters(client, desk, clock, monkeypatch):
    monkeypatch.setattr(engine.dossiers.inbox, "PAGE_SIZE", 2)
    first = desk.submit(name="Nguyễn Văn A")
    clock.advance(timedelta(days=1))
    later = [desk.submit(name=f"Trần Văn {n}") for n in "BCD"]
    sign_in(client, "motcua.anhoa")
    page = client.get("/staff/tasks").get_data(as_text=True)
    assert "Trang 1 / 2" in page and "4 công việc" in page
    assert re.search(r"Quá hạn <strong>1</strong>", page) and re.search(r"Sắp đến hạn <strong>3</strong>", page)
    second = client.get("/staff/tasks?page=2&q=tran").get_data(as_text=True)
    assert "Trang 2 / 2" in second and "page=1" in second and "q=tran" in second
    day = client.get("/staff/tasks?from=2026-11-24&to=2026-11-24").get_data(as_text=True)
    assert first not in day and "3 công việc" in day
    overdue = client.get("/staff/tasks?sla=overdue").get_data(as_text=True)
    assert first in overdue and later[0] not in overdue


def test_another_unit_cannot_release_a_claimed_task(client, desk):
    code = desk.submit()
    sign_in(client, "motcua.anhoa")
    task = desk.task(code, "check_completeness").id
    client.post(f"/staff/tasks/{task}/claim", data={"csrf_token": csrf_token(client, "/")})
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "motcua.tanlap")
    client.post(f"/staff/tasks/{task}/release", data={"csrf_token": csrf_token(client, "/")})
    assert desk.task(code, "check_completeness").claimed_by_id == desk.user_id("motcua.anhoa")
