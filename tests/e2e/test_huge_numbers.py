"""Numbers past the database's range or in other scripts' digits, in paths, query strings and forms: a 404 or the
form's own answer, never a 500 (issue 16)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import csrf_token, sign_in, task_id_in

HUGE = ["9" * 31, str(2**31), "²", "٣"]


@pytest.mark.parametrize("page", HUGE)
def test_a_huge_page_number_shows_the_first_page(client, dossier, page):
    assert client.get(f"/questions?page={page}").status_code == 200
    sign_in(client, "motcua.anhoa")
    assert client.get(f"/staff/tasks?page={page}").status_code == 200


@pytest.mark.parametrize("number", ["9" * 31, str(2**31), "٣", "-1"])
def test_an_id_past_the_range_is_not_found(client, dossier, number):
    assert client.get(f"/questions/published/{number}").status_code == 404
    sign_in(client, "motcua.anhoa")
    for path in (f"/staff/tasks/{number}", f"/files/{number}", f"/staff/tasks/1/preview/{number}.png"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("version", HUGE)
def test_a_huge_version_on_a_task_form_is_a_stale_page(client, dossier, version):
    sign_in(client, "motcua.anhoa")
    task = task_id_in(client.get("/staff/tasks").get_data(as_text=True))
    token = csrf_token(client, f"/staff/tasks/{task}")
    posted = client.post(f"/staff/tasks/{task}", data={"csrf_token": token, "version": version, "decision": "complete"})
    assert posted.status_code in (400, 409)
    reassigned = client.post(f"/staff/tasks/{task}/reassign", data={"csrf_token": token, "assignee": version})
    assert reassigned.status_code in (303, 400)
