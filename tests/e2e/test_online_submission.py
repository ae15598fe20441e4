"""An applicant fills the declaration, uploads each document as its own file, saves a draft and submits it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.models import Dossier, DossierDeclaration, Draft, FilePurpose, OutboxMessage, TaskRow, TaskState
from engine.uploads import MAX_UPLOAD_BYTES
from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import DECLARATIONS, file_field, required_documents


def _start(client, procedure="1.001193") -> str:
    token = csrf_token(client, f"/my/dossiers/new/{procedure}")
    response = client.post(f"/my/dossiers/new/{procedure}", data={"csrf_token": token})
    assert response.status_code == 303
    return response.headers["Location"]


def _post(client, path, action="save", unit="000.01.10.H99", declaration=None, **files):
    data = {
        "csrf_token": csrf_token(client, path),
        "action": action,
        "receiving_unit": unit,
        "return_method": "counter",
    }
    data |= DECLARATIONS["birth_registration"] if declaration is None else declaration
    data |= files
    return client.post(path, data=data, content_type="multipart/form-data")


@pytest.fixture
def applicant(client, demo):
    sign_in(client, "nguyenvanan")
    return client


def test_fees_and_documents_are_shown_before_starting(applicant):
    page = applicant.get("/my/dossiers/new/1.001193").get_data(as_text=True)
    assert "Thủ tục đăng ký khai sinh" in page
    assert "Lệ phí đăng ký khai sinh quá hạn" in page and "8.000 đ" in page
    assert "Giấy chứng sinh" in page
    assert applicant.get("/my/dossiers/new/9.999999").status_code == 404


def test_draft_then_submit_gives_the_code_at_once_and_a_notice(app, applicant):
    draft = _start(applicant)
    first, second = required_documents(app, "birth_registration")[:2]
    declaration_pdf, birth_png = sample_files.pdf("Tờ khai"), sample_files.image("PNG")
    saved = _post(
        applicant,
        draft,
        **{
            f"document_{first.id}": file_field(declaration_pdf, "to-khai.pdf"),
            f"document_{second.id}": file_field(birth_png, "giay-chung-sinh.png"),
        },
    )
    assert saved.status_code == 303
    page = applicant.get(draft).get_data(as_text=True)
    assert "Đã tải lên: to-khai.pdf" in page and "Đã tải lên: giay-chung-sinh.png" in page
    assert 'value="Nguyễn Minh Khôi"' in page

    submitted = _post(applicant, draft, action="submit")
    assert submitted.status_code == 303
    code = re.search(r"/my/dossiers/([^/]+)/submitted", submitted.headers["Location"]).group(1)
    page = applicant.get(submitted.headers["Location"]).get_data(as_text=True)
    assert code in page and "bản chính" in page  # level 3: the originals are compared when collecting

    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.channel.value == "online" and dossier.applicant_name == "Nguyễn Văn An"
        assert {(f.filename, f.purpose) for f in dossier.files} == {
            ("to-khai.pdf", FilePurpose.SUBMITTED),
            ("giay-chung-sinh.png", FilePurpose.SUBMITTED),
        }
        assert {f.stored.media_type for f in dossier.files} == {"application/pdf", "image/png"}
        assert runtime.files.read(dossier.files[0].sha256) in (declaration_pdf, birth_png)
        declaration = uow.session.get(DossierDeclaration, dossier.id)
        assert declaration.data["child_name"] == "Nguyễn Minh Khôi" and declaration.signer == ""
        assert uow.session.scalar(select(Draft)) is None
        task = uow.session.scalar(select(TaskRow).where(TaskRow.dossier_id == dossier.id))
        assert (task.task_name, task.state) == ("check_completeness", TaskState.OPEN)
        notice = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.dossier_id == dossier.id))
        assert notice.recipient == "nguyenvanan@example.vn" and code in notice.subject


def test_an_incomplete_draft_is_kept_but_not_submitted(app, applicant):
    draft = _start(applicant)
    response = _post(applicant, draft, action="submit", unit="", declaration={"child_name": "Khôi"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nơi nộp hồ sơ: bắt buộc chọn." in page
    assert "Giới tính: bắt buộc nhập." in page
    assert "Giấy chứng sinh" in page and "chưa tải lên" in page
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.scalar(select(Dossier)) is None
        assert uow.session.scalar(select(Draft)).declaration == {"child_name": "Khôi"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (sample_files.image("PNG"), "to-khai.pdf", "là PNG, không khớp với tên tệp"),
        (b"Day khong phai anh\n", "anh.png", "không phải PDF, JPEG hoặc PNG hợp lệ"),
        (b"%PDF-1.7\n" + b"0" * (MAX_UPLOAD_BYTES - 8), "lon.pdf", "lớn hơn 10 MB"),
        (b"", "rong.pdf", "tệp rỗng"),
    ],
    ids=["png-named-pdf", "text-named-png", "oversized", "empty"],
)
def test_a_wrong_or_oversized_file_is_refused_and_nothing_is_saved(app, applicant, content, name, message):
    draft = _start(applicant)
    document = required_documents(app, "birth_registration")[0]
    response = _post(applicant, draft, **{f"document_{document.id}": file_field(content, name)})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.extensions["motcua"].unit_of_work() as uow:
        kept = uow.session.scalar(select(Draft))
        assert kept.files == [] and kept.declaration == {}


def test_a_file_can_be_replaced_and_removed(app, applicant):
    draft = _start(applicant)
    document = required_documents(app, "birth_registration")[0]
    field = f"document_{document.id}"
    _post(applicant, draft, **{field: file_field(sample_files.pdf("một"), "mot.pdf")})
    _post(applicant, draft, **{field: file_field(sample_files.image("JPEG"), "hai.jpg")})
    with app.extensions["motcua"].unit_of_work() as uow:
        files = uow.session.scalar(select(Draft)).files
        assert [(f.filename, f.stored.media_type) for f in files] == [("hai.jpg", "image/jpeg")]
        file_id = files[0].id
    token = csrf_token(applicant, draft)
    assert applicant.post(f"{draft}/files/{file_id}/delete", data={"csrf_token": token}).status_code == 303
    assert "Đã tải lên" not in applicant.get(draft).get_data(as_text=True)


def test_drafts_are_listed_and_can_be_discarded(app, applicant):
    draft = _start(applicant)
    assert "Thủ tục đăng ký khai sinh" in applicant.get("/my/drafts").get_data(as_text=True)
    response = applicant.post(draft, data={"csrf_token": csrf_token(applicant, draft), "action": "discard"})
    assert response.status_code == 303
    assert applicant.get(draft).status_code == 404


def test_someone_elses_draft_is_not_found(app, client, demo):
    sign_in(client, "nguyenvanan")
    draft = _start(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/drafts")})
    sign_in(client, "anphat")
    assert client.get(draft).status_code == 404
    token = csrf_token(client, "/my/drafts")
    assert client.post(draft, data={"csrf_token": token, "action": "save"}).status_code == 404
    assert client.post(draft, data={"csrf_token": token, "action": "discard"}).status_code == 404
    assert "Thủ tục đăng ký khai sinh" not in client.get("/my/drafts").get_data(as_text=True)


def test_staff_and_strangers_do_not_get_the_applicant_pages(client, demo):
    assert client.get("/my/dossiers/new/1.001193").status_code == 302  # to sign-in
    assert client.get("/my/documents").status_code == 302
    sign_in(client, "motcua.anhoa")
    assert client.get("/my/dossiers/new/1.001193").status_code == 403
    assert client.get("/my/drafts").status_code == 403
    assert client.get("/my/documents").status_code == 403


def test_the_pages_speak_english_too(applicant):
    applicant.get("/lang/en")
    page = applicant.get("/my/dossiers/new/1.001193").get_data(as_text=True)
    assert "Documents to prepare" in page and "Start filling in the dossier" in page


def test_a_partly_online_service_returns_its_result_at_the_agency(applicant):
    """Birth registration is partly online: its result is handed over where the dossier was received."""
    path = _start(applicant)
    page = applicant.get(path).get_data(as_text=True)
    assert 'value="counter"' in page and 'value="post"' not in page and 'value="online"' not in page
    data = {"csrf_token": csrf_token(applicant, path), "action": "save", "receiving_unit": "000.01.10.H99"}
    refused = applicant.post(path, data=data | {"return_method": "post"} | DECLARATIONS["birth_registration"])
    assert refused.status_code == 400 and "kết quả được trả tại nơi tiếp nhận hồ sơ" in refused.get_data(as_text=True)
