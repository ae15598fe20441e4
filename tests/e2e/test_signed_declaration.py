"""Level 4: a signed declaration is verified with pyHanko; without one the applicant posts certified copies."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.models import DossierDeclaration, OutboxMessage
from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import DECLARATIONS, file_field, online_dossier, required_documents


@pytest.fixture
def authority(app, clock):
    authority = sample_files.authority(clock.now())
    authority.install(app.extensions["motcua"].settings.instance_dir)
    return authority


def _draft(client) -> str:
    path = "/my/dossiers/new/2.001583"
    return client.post(path, data={"csrf_token": csrf_token(client, path)}).headers["Location"]


def _post(app, client, path, signed: bytes, action="save"):
    data = {"csrf_token": csrf_token(client, path), "action": action, "receiving_unit": "000.00.01.H99"}
    data |= DECLARATIONS["company_registration_llc1"] | {"return_method": "online"}
    for document in required_documents(app, "company_registration_llc1"):
        data[f"document_{document.id}"] = file_field(sample_files.pdf(document.name), f"{document.position}.pdf")
    data["signed_declaration"] = file_field(signed, "to-khai-ky-so.pdf")
    return client.post(path, data=data, content_type="multipart/form-data")


def test_a_signed_declaration_is_verified_and_kept(app, client, demo, authority):
    sign_in(client, "nguyenvanan")
    path = _draft(client)
    signed = authority.sign(sample_files.pdf("Giấy đề nghị đăng ký doanh nghiệp"))
    saved = _post(app, client, path, signed)
    assert saved.status_code == 303, re.findall(r"<li>(.*?)</li>", saved.get_data(as_text=True))
    assert "Chữ ký số hợp lệ của Nguyễn Văn An" in client.get(path).get_data(as_text=True)
    submitted = _post(app, client, path, signed, action="submit")
    code = re.search(r"/my/dossiers/([^/]+)/submitted", submitted.headers["Location"]).group(1)
    page = client.get(submitted.headers["Location"]).get_data(as_text=True)
    assert "đã được ký số" in page and "Nộp phí trực tuyến (100.000 đ)" in page
    with app.extensions["motcua"].unit_of_work() as uow:
        declaration = uow.session.scalar(select(DossierDeclaration))
        assert declaration.signer == "Nguyễn Văn An"
        assert app.extensions["motcua"].files.read(declaration.signed_sha256) == signed
        subjects = list(uow.session.scalars(select(OutboxMessage.subject)))
    assert not any("bưu chính" in s for s in subjects) and any(code in s for s in subjects)


@pytest.mark.parametrize("problem", ["unsigned", "tampered", "untrusted"])
def test_a_declaration_that_does_not_verify_is_refused(app, client, demo, authority, problem):
    sign_in(client, "nguyenvanan")
    path = _draft(client)
    original = sample_files.pdf("Giấy đề nghị")
    if problem == "unsigned":
        content, message = original, "chưa có chữ ký số"
    elif problem == "tampered":
        signed = authority.sign(original)
        content, message = signed.replace(b"%PDF-1.7\n%", b"%PDF-1.7\n#", 1), "tệp đã bị sửa"  # a signed byte
    else:
        content = sample_files.authority(app.extensions["motcua"].clock.now()).sign(original)
        message = "không do tổ chức được công nhận cấp"
    response = _post(app, client, path, content)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "Đã tải lên" not in client.get(path).get_data(as_text=True)  # nothing of the post was kept


def test_without_a_signature_the_applicant_is_told_to_post_certified_copies(app, client, demo):
    code = online_dossier(app, "company_registration_llc1")
    sign_in(client, "nguyenvanan")
    page = client.get(f"/my/dossiers/{code}/submitted").get_data(as_text=True)
    assert "gửi bản sao có chứng thực" in page and code in page
    with app.extensions["motcua"].unit_of_work() as uow:
        notice = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains("bưu chính")))
    assert code in notice.body and notice.recipient == "nguyenvanan@example.vn"


def test_a_level_3_procedure_takes_no_signed_declaration(app, client, demo, authority):
    sign_in(client, "nguyenvanan")
    path = "/my/dossiers/new/1.001193"
    draft = client.post(path, data={"csrf_token": csrf_token(client, path)}).headers["Location"]
    data = {"csrf_token": csrf_token(client, draft), "action": "save", "return_method": "counter"}
    data["signed_declaration"] = file_field(authority.sign(sample_files.pdf()), "ky-so.pdf")
    response = client.post(draft, data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "chỉ áp dụng cho thủ tục trực tuyến toàn trình" in response.get_data(
        as_text=True
    )
