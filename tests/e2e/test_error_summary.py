"""A form that fails opens with an error summary that names every field to fix, each a link to its control; the
first failed online submission names the missing required fields beside the refused file, and keeps nothing."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from engine.models import Draft
from forms.validation import load_form
from tests.e2e.conftest import at_review, csrf_token, form_page, sign_in
from tests.e2e.portal import file_field, required_documents


def _summary(page: str) -> dict[str, str]:
    """{link target: message} of the page's error summary."""
    body = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert body, "the page has no error summary"
    return {target: html.unescape(text) for target, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', body[0])}


@pytest.fixture
def applicant(client, demo):
    sign_in(client, "nguyenvanan")
    return client


def test_the_first_failed_submission_names_every_missing_field_and_the_refused_file(app, applicant) -> None:
    token = csrf_token(applicant, "/my/dossiers/new/1.001193")
    draft = applicant.post("/my/dossiers/new/1.001193", data={"csrf_token": token}).headers["Location"]
    first, *others = required_documents(app, "birth_registration")
    response = applicant.post(
        draft,
        data={
            "csrf_token": csrf_token(applicant, draft),
            "action": "submit",
            "receiving_unit": "",
            "return_method": "counter",
            f"document_{first.id}": file_field(b"MZ\x90\x00 not a scan", "giay-chung-sinh.pdf"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = _summary(page)
    required = load_form("declaration_birth_registration")["required"]
    assert {f"f-{name}" for name in required} <= summary.keys()  # every missing declaration field
    assert "receiving_unit" in summary and f"document_{first.id}" in summary  # the place, and the refused file
    assert {f"document_{d.id}" for d in others} <= summary.keys()  # and the documents not uploaded yet
    for target in summary:
        assert f'id="{target}"' in page  # each link leads to its control
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        kept = uow.session.scalar(select(Draft).where(Draft.id == int(draft.rsplit("/", 1)[1])))
        assert kept.files == [] and kept.receiving_unit is None


def test_saving_a_draft_names_only_what_is_wrong_now(app, applicant) -> None:
    token = csrf_token(applicant, "/my/dossiers/new/1.001193")
    draft = applicant.post("/my/dossiers/new/1.001193", data={"csrf_token": token}).headers["Location"]
    first = required_documents(app, "birth_registration")[0]
    response = applicant.post(
        draft,
        data={
            "csrf_token": csrf_token(applicant, draft),
            "action": "save",
            "return_method": "counter",
            f"document_{first.id}": file_field(b"MZ\x90\x00 not a scan", "giay-chung-sinh.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert list(_summary(response.get_data(as_text=True))) == [f"document_{first.id}"]  # a draft may be incomplete


def test_a_staff_form_summarises_its_errors_too(client, demo) -> None:
    sign_in(client, "quantri")
    response = client.post(
        "/admin/users",
        data={"csrf_token": csrf_token(client, "/admin/users"), "username": "", "full_name": "", "password": "ngan"},
    )
    assert response.status_code == 400
    summary = _summary(response.get_data(as_text=True))
    assert {"username", "full_name", "password"} <= summary.keys()
    assert "ít nhất 10 ký tự" in summary["password"]


def test_a_task_page_summarises_the_errors_of_its_form_and_of_its_requests(client, desk) -> None:
    code = at_review(desk)
    sign_in(client, "chuyenvien.stc")
    path = f"/staff/tasks/{desk.task(code, 'review').id}"
    _page, fields = form_page(client, path)
    refused = client.post(path, data={**fields, "proposal": "refuse"})
    assert refused.status_code == 400
    assert _summary(refused.get_data(as_text=True)) == {"refusal_reason": "Lý do từ chối: bắt buộc nhập."}
    apology = client.post(f"{path}/apology", data={**fields, "new_due": "2026-12-10"})
    page = apology.get_data(as_text=True)
    assert _summary(page) == {"apology_reason": "Lý do: bắt buộc nhập."} and 'id="apology_reason"' in page
