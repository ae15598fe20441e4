"""The applicant's document store through the pages: what entered it, a second dossier that takes a stored document
instead of a new upload, the clerk who sees where it came from, and nobody else who sees it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.models import ApplicantDocument, DocumentOrigin
from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import DECLARATIONS, desk, file_field, online_dossier, resolve

STORE = "/my/documents"


@pytest.fixture
def returned(app, demo) -> str:
    """A birth registration submitted online by nguyenvanan, resolved and returned: its code."""
    code = online_dossier(app)
    resolve(app, code)
    desk(app).complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Nguyễn Văn An")
    return code


def _stored(app, origin: DocumentOrigin) -> ApplicantDocument:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(ApplicantDocument).where(ApplicantDocument.origin == origin))


def _sign_out(client) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, STORE)})


def _new_draft(client) -> str:
    path = "/my/dossiers/new/1.001193"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    return response.headers["Location"]


def test_the_store_lists_downloads_and_hides(app, client, returned):
    sign_in(client, "nguyenvanan")
    page = client.get(STORE).get_data(as_text=True)
    assert "Kho dữ liệu của tôi" in page and "Giấy khai sinh" in page and f"Đã nộp trong hồ sơ {returned}" in page
    assert f"Kết quả do Ủy ban nhân dân phường An Hòa cấp trong hồ sơ {returned}" in page
    result = _stored(app, DocumentOrigin.RESULT)
    download = client.get(f"{STORE}/{result.id}/file")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert "attachment" in download.headers["Content-Disposition"]

    hidden = client.post(f"{STORE}/{result.id}/hide", data={"csrf_token": csrf_token(client, STORE)})
    assert hidden.status_code == 303
    page = client.get(STORE).get_data(as_text=True)
    assert "Giấy tờ đã ẩn" in page and "Hiện lại" in page
    assert _stored(app, DocumentOrigin.RESULT).hidden_at is not None  # kept, only hidden
    client.post(f"{STORE}/{result.id}/show", data={"csrf_token": csrf_token(client, STORE)})
    assert "Giấy tờ đã ẩn" not in client.get(STORE).get_data(as_text=True)

    client.get("/lang/en")
    page = client.get(STORE).get_data(as_text=True)
    assert "My documents" in page and "Result issued by" in page and "Hide" in page


def test_a_second_dossier_takes_a_stored_document_and_the_clerk_sees_its_origin(app, client, returned):
    certificate = _stored(app, DocumentOrigin.SUBMITTED)
    sign_in(client, "nguyenvanan")
    draft = _new_draft(client)
    page = client.get(draft).get_data(as_text=True)
    assert "Hoặc dùng giấy tờ trong kho dữ liệu của tôi" in page
    field = re.search(r'name="(store_\d+)"', page).group(1)
    assert f'<option value="{certificate.id}">' in page
    document_id = int(field.removeprefix("store_"))

    data = {"csrf_token": csrf_token(client, draft), "action": "submit", "receiving_unit": "000.01.10.H99"}
    data |= {"return_method": "counter", field: str(certificate.id)} | DECLARATIONS["birth_registration"]
    others = re.findall(r'name="(document_\d+)"', page)
    data |= {
        name: file_field(sample_files.pdf("Giấy tờ"), "giay-to.pdf")
        for name in others
        if name != f"document_{document_id}"
    }
    submitted = client.post(draft, data=data, content_type="multipart/form-data")
    assert submitted.status_code == 303, submitted.get_data(as_text=True)
    code = submitted.headers["Location"].split("/")[3]
    _sign_out(client)

    sign_in(client, "motcua.anhoa")
    for path in (f"/staff/dossiers/{code}", f"/staff/tasks/{desk(app).task(code, 'check_completeness').id}"):
        page = client.get(path).get_data(as_text=True)
        assert "Từ kho dữ liệu" in page and f"Đã nộp trong hồ sơ {returned}" in page, path


def test_nobody_else_sees_the_store(app, client, returned):
    stored = _stored(app, DocumentOrigin.RESULT)
    sign_in(client, "anphat")
    assert "Giấy khai sinh" not in client.get(STORE).get_data(as_text=True)
    token = csrf_token(client, STORE)
    for path in (f"{STORE}/{stored.id}/file",):
        assert client.get(path).status_code == 404, path  # someone else's document answers as a missing one
    for action in ("hide", "show"):
        assert client.post(f"{STORE}/{stored.id}/{action}", data={"csrf_token": token}).status_code == 404
    draft = _new_draft(client)
    assert "kho dữ liệu của tôi" not in client.get(draft).get_data(as_text=True)
    _sign_out(client)
    sign_in(client, "motcua.anhoa")
    assert client.get(STORE).status_code == 403
    assert client.get(f"{STORE}/{stored.id}/file").status_code == 403
