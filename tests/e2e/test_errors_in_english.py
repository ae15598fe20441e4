"""The core's Vietnamese error messages reach an English reader translated, field messages included."""

from __future__ import annotations

from tests.e2e.conftest import at_review, csrf_token, form_page, receive_at_counter, sign_in


def test_a_refused_step_reads_in_english(client, desk):
    code = at_review(desk)
    sign_in(client, "chuyenvien.stc")
    client.get("/lang/en")
    task = desk.task(code, "review").id
    client.post(f"/staff/tasks/{task}/reassign", data={"csrf_token": csrf_token(client, "/"), "assignee": "1"})
    assert "You are not allowed to reassign this step." in client.get("/staff/tasks").get_data(as_text=True)
    _page, fields = form_page(client, f"/staff/tasks/{task}")
    stale = client.post(f"/staff/tasks/{task}/stop", data={**fields, "version": "1", "reason": "Không liên lạc được"})
    assert f"Dossier {code} was just updated by someone else." in stale.get_data(as_text=True)
    missing = client.post(f"/staff/tasks/{task}/apology", data={**fields, "new_due": "2026-12-10"})
    assert "Reason: required." in missing.get_data(as_text=True)


def test_a_refused_scan_reads_in_english(client, desk):
    sign_in(client, "motcua.anhoa")
    client.get("/lang/en")
    response = receive_at_counter(client, "birth_registration", "Trần Văn Bình", {0: (b"plain text", "a.pdf")})
    assert response.status_code == 400
    assert "the file «a.pdf» is not a valid PDF, JPEG or PNG." in response.get_data(as_text=True)


def test_the_task_form_reads_in_english(client, desk):
    code = desk.submit()
    sign_in(client, "motcua.anhoa")
    client.get("/lang/en")
    page = client.get(f"/staff/tasks/{desk.task(code, 'check_completeness').id}").get_data(as_text=True)
    assert "<h1>Check completeness and validity</h1>" in page
    assert "Complete and valid — receive" in page and "Documents to supplement" in page and "Time paused" in page
    assert "Dossier submitted" in page  # the history
