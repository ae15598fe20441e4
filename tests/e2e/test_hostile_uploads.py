"""Hostile files posted as raw multipart requests on every upload path (the counter, an online draft, a
supplementation, a question's attachment): a 400 with a Vietnamese message that names the file and what is wrong,
and nothing written: no row, no file in the storage folder. A clean PDF and a JPEG still pass."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from engine.models import Dossier, DossierFile, DossierStatus, Draft, DraftFile, Question, StoredFile
from tests import hostile_files, sample_files
from tests.e2e.conftest import csrf_token, receive_at_counter, sign_in
from tests.e2e.portal import DECLARATIONS, desk, file_field, online_dossier, required_documents

pytestmark = pytest.mark.usefixtures("demo")

HOSTILE = [
    ("png claiming 30000x30000", hostile_files.png_bomb(), "quet.png", "là ảnh quá lớn"),
    ("png named pdf", sample_files.image("PNG"), "to-khai.pdf", "là PNG, không khớp với tên tệp"),
    ("program named jpg", hostile_files.EXE, "anh.jpg", "không phải PDF, JPEG hoặc PNG hợp lệ"),
    (
        "pdf opening with javascript",
        hostile_files.pdf_with_javascript(),
        "don.pdf",
        "chứa nội dung tự chạy (JavaScript",
    ),
    (
        "pdf with javascript in a compressed object stream",
        hostile_files.pdf_with_javascript(compressed=True),
        "don.pdf",
        "chứa nội dung tự chạy (JavaScript",
    ),
]


def _written(app: Flask) -> tuple[int, ...]:
    """Rows that an upload could add, and the files in the storage folder."""
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        rows = tuple(
            uow.session.scalar(select(func.count()).select_from(table))
            for table in (StoredFile, DossierFile, DraftFile, Dossier, Draft, Question)
        )
    return (*rows, sum(1 for path in runtime.files.root.rglob("*") if path.is_file()))


def _refused(app: Flask, post, label: str, content: bytes, name: str, message: str) -> None:
    before = _written(app)
    response = post(content, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, label
    assert f"«{name}» {message}" in page, label
    assert _written(app) == before, label


def test_the_counter_refuses_hostile_files_and_writes_nothing(app, client):
    sign_in(client, "motcua.anhoa")
    for label, content, name, message in HOSTILE:
        _refused(
            app,
            lambda content, name: receive_at_counter(
                client, "birth_registration", "Trần Văn Bình", {0: (content, name)}
            ),
            label,
            content,
            name,
            message,
        )


def test_the_counter_still_takes_a_clean_pdf_and_a_jpeg(app, client):
    sign_in(client, "motcua.anhoa")
    scans = {0: (sample_files.pdf("Tờ khai"), "to-khai.pdf"), 1: (sample_files.image("JPEG"), "chung-sinh.jpg")}
    assert receive_at_counter(client, "birth_registration", "Trần Văn Bình", scans).status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        kinds = sorted(uow.session.scalars(select(StoredFile.media_type)))
    assert kinds == ["application/pdf", "image/jpeg"]


def _draft(client) -> str:
    token = csrf_token(client, "/my/dossiers/new/1.001193")
    return client.post("/my/dossiers/new/1.001193", data={"csrf_token": token}).headers["Location"]


def _save(client, path: str, field: str, content: bytes, name: str):
    data = {"csrf_token": csrf_token(client, path), "action": "save", "receiving_unit": "000.01.10.H99"}
    data |= {"return_method": "counter", **DECLARATIONS["birth_registration"], field: file_field(content, name)}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_an_online_draft_refuses_hostile_files_and_takes_clean_ones(app, client):
    sign_in(client, "nguyenvanan")
    path = _draft(client)
    first, second = required_documents(app, "birth_registration")[:2]
    for label, content, name, message in HOSTILE:
        _refused(
            app,
            lambda content, name: _save(client, path, f"document_{first.id}", content, name),
            *(label, content),
            name,
            message,
        )
    assert _save(client, path, f"document_{first.id}", sample_files.pdf(), "to-khai.pdf").status_code == 303
    assert _save(client, path, f"document_{second.id}", sample_files.image("JPEG"), "anh.jpg").status_code == 303


def test_a_supplementation_refuses_hostile_files_and_takes_a_clean_one(app, client):
    code = online_dossier(app)
    document = required_documents(app, "birth_registration")[1]
    desk(app).complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[document.id],
        supplement_note="Ảnh mờ",
    )
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/supplement"

    def post(content: bytes, name: str):
        page = client.get(path).get_data(as_text=True)
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        data = {"csrf_token": csrf_token(client, path), "version": version}
        data[f"document_{document.id}"] = file_field(content, name)
        return client.post(path, data=data, content_type="multipart/form-data")

    for label, content, name, message in HOSTILE:
        _refused(app, post, label, content, name, message)
    with app.extensions["motcua"].unit_of_work() as uow:
        assert (
            uow.session.scalar(select(Dossier.status).where(Dossier.code == code)) is DossierStatus.SUPPLEMENT_REQUESTED
        )
    assert post(sample_files.image("JPEG"), "chung-sinh.jpg").status_code == 303


@pytest.mark.parametrize(("label", "content", "name", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_question_refuses_a_hostile_attachment(app, client, label, content, name, message):
    def post(content: bytes, name: str):
        data = {"csrf_token": csrf_token(client, "/questions/ask"), "name": "Nguyễn Văn Hỏi", "topic": "ho_tich"}
        data |= {"email": "hoi@example.vn", "title": "Khai sinh quá hạn", "body": "Tôi cần giấy tờ gì để đăng ký?"}
        data["attachment"] = (io.BytesIO(content), name)
        return client.post("/questions/ask", data=data, content_type="multipart/form-data")

    _refused(app, post, label, content, name, message)
