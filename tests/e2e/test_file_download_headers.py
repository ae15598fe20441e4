"""Uploaded files leave as attachments under their Vietnamese names (RFC 5987), never sniffed, never run as a page of
the site (a sandboxing policy); the task page previews a PDF as images of its pages. Only documents the system made
itself (the signed result) open inline."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from engine.models import DossierFile, Question
from tests import sample_files
from tests.e2e.conftest import csrf_token, receive_at_counter, sign_in, sign_out
from tests.e2e.portal import add_result_file, online_dossier, resolve

pytestmark = pytest.mark.usefixtures("demo")

PDF_NAME, PNG_NAME = "giấy đề nghị.pdf", "điều lệ công ty.png"


def _assert_uploaded_download(response, name: str, media_type: str) -> None:
    assert response.status_code == 200 and response.mimetype == media_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition and "\r" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


@pytest.fixture
def files(app, client) -> list[int]:
    """A company registration received at the provincial centre with a two-page PDF and a PNG, Vietnamese names."""
    sign_in(client, "motcua.ttpv")
    two_pages = sample_files.pdf('Trang một<p style="break-before: page">Trang hai</p>')
    scans = {0: (two_pages, PDF_NAME), 1: (sample_files.image("PNG"), PNG_NAME)}
    assert receive_at_counter(client, "company_registration_llc1", "Công ty TNHH Hải Đăng", scans).status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        return list(uow.session.scalars(select(DossierFile.id).order_by(DossierFile.id)))


def test_uploaded_files_are_attachments_shown_or_downloaded(client, files):
    pdf, png = files
    for query in ("", "?download=1"):
        _assert_uploaded_download(client.get(f"/files/{pdf}{query}"), PDF_NAME, "application/pdf")
        _assert_uploaded_download(client.get(f"/files/{png}{query}"), PNG_NAME, "image/png")


def test_the_task_page_previews_a_pdf_as_images_of_its_pages(client, files):
    pdf, png = files
    task = re.search(r"/staff/tasks/(\d+)", client.get("/staff/tasks").get_data(as_text=True)).group(1)
    page = client.get(f"/staff/tasks/{task}").get_data(as_text=True)
    assert f'<iframe src="/files/{pdf}/preview"' in page and f'<img class="preview" src="/files/{png}"' in page
    preview = client.get(f"/files/{pdf}/preview").get_data(as_text=True)
    assert re.findall(rf'src="/files/{pdf}/pages/(\d+).png"', preview) == ["1", "2"]
    drawn = client.get(f"/files/{pdf}/pages/2.png")
    assert drawn.status_code == 200 and drawn.mimetype == "image/png" and drawn.data.startswith(b"\x89PNG")
    assert client.get(f"/files/{pdf}/pages/3.png").status_code == 404
    assert client.get(f"/files/{png}/preview").status_code == 404
    sign_out(client)
    sign_in(client, "motcua.anhoa")  # another unit's clerk learns nothing
    assert client.get(f"/files/{pdf}/preview").status_code == 404
    assert client.get(f"/files/{pdf}/pages/1.png").status_code == 404


def test_the_signed_result_is_the_systems_own_and_opens_inline(app, client):
    code = online_dossier(app)
    resolve(app, code)
    signed = sample_files.pdf("Giấy khai sinh")
    file_id = add_result_file(app, code, signed, "giấy khai sinh.pdf")
    sign_in(client, "motcua.anhoa")
    shown = client.get(f"/files/{file_id}")
    assert shown.status_code == 200 and shown.data == signed
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/files/{file_id}?download=1").headers["Content-Disposition"].startswith("attachment;")
    sign_out(client)
    sign_in(client, "nguyenvanan")
    downloaded = client.get(f"/my/dossiers/{code}/result/{file_id}")
    assert downloaded.status_code == 200 and downloaded.data == signed
    assert downloaded.headers["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote('giấy khai sinh.pdf')}" in downloaded.headers["Content-Disposition"]
    assert downloaded.headers["X-Content-Type-Options"] == "nosniff"


def test_a_questions_attachment_is_downloaded_under_its_name(app, client):
    name = "ảnh chụp thông báo.jpg"
    data = {"csrf_token": csrf_token(client, "/questions/ask"), "name": "Nguyễn Văn Hỏi", "topic": "ho_tich"}
    data |= {"email": "hoi@example.vn", "title": "Khai sinh quá hạn", "body": "Tôi cần giấy tờ gì để đăng ký?"}
    data["attachment"] = (io.BytesIO(sample_files.image("JPEG")), name)
    assert client.post("/questions/ask", data=data, content_type="multipart/form-data").status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        code = uow.session.scalar(select(Question.code))
    sign_in(client, "bientap")
    _assert_uploaded_download(client.get(f"/staff/questions/{code}/attachment"), name, "image/jpeg")
