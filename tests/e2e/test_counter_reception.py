"""Counter reception: a clerk registers a walk-in dossier with a scan per document, then checks it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from engine.models import Dossier, DossierFile
from tests.e2e.conftest import csrf_token, receive_at_counter, sign_in
from tests.scans import pdf_scan, png_scan

pytestmark = pytest.mark.usefixtures("demo")


def _dossiers(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Dossier))


def test_the_clerk_chooses_among_the_procedures_of_the_unit(client):
    sign_in(client, "motcua.anhoa")
    page = client.get("/staff/counter").get_data(as_text=True)
    assert "Thủ tục đăng ký khai sinh" in page and "công ty" not in page
    form = client.get("/staff/counter?procedure=birth_registration").get_data(as_text=True)
    assert "Tờ khai đăng ký khai sinh" in form and 'name="applicant_name"' in form and "(nếu có)" in form


def test_a_walk_in_dossier_lands_in_its_check_with_its_scans(app, client):
    sign_in(client, "motcua.anhoa")
    response = receive_at_counter(
        client,
        "birth_registration",
        "Trần Văn Bình",
        {0: (pdf_scan(), "to-khai.pdf"), 1: (png_scan(), "giay chung sinh.png")},
        phone="0912345678",
    )
    assert response.status_code == 303 and "/staff/tasks/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Kiểm tra tính đầy đủ, hợp lệ" in page and "Trần Văn Bình" in page and "0912345678" in page
    assert "to-khai.pdf" in page and "giay chung sinh.png" in page and "Chưa có tệp" in page
    with app.extensions["motcua"].unit_of_work() as uow:
        files = uow.session.scalars(select(DossierFile)).all()
        assert sorted(f.stored.media_type for f in files) == ["application/pdf", "image/png"]
        assert all(f.dossier.channel.value == "counter" for f in files)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"just text, not a scan", "to-khai.pdf", "tệp «to-khai.pdf» không phải PDF, JPEG hoặc PNG hợp lệ"),
        (b"", "empty.pdf", "tệp rỗng"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "big.pdf", "tệp «big.pdf» lớn hơn 10 MB"),
    ],
)
def test_files_are_checked_by_content_and_size(app, client, content, filename, message):
    sign_in(client, "motcua.anhoa")
    response = receive_at_counter(client, "birth_registration", "Trần Văn Bình", {0: (content, filename)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'value="Trần Văn Bình"' in page  # typed details are kept
    assert _dossiers(app) == 0  # nothing written


def test_the_applicants_name_is_required(app, client):
    sign_in(client, "motcua.anhoa")
    response = receive_at_counter(client, "birth_registration", "  ", {0: (pdf_scan(), "a.pdf")})
    assert response.status_code == 400
    assert re.search(
        r'id="applicant_name-error"[^>]*>.*?</span> Họ tên người nộp: bắt buộc nhập.', response.get_data(as_text=True)
    )
    assert _dossiers(app) == 0


def test_a_complete_check_offers_the_receipt_and_the_handover(client):
    sign_in(client, "motcua.anhoa")
    check = receive_at_counter(client, "birth_registration", "Trần Văn Bình", {0: (pdf_scan(), "a.pdf")}).location
    page = client.get(check).get_data(as_text=True)
    assert "In phiếu tiếp nhận" not in page  # not received yet
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        check, data={"csrf_token": csrf_token(client, check), "version": version, "decision": "complete"}
    )
    assert response.status_code == 303
    handover = client.get(response.location).get_data(as_text=True)
    code = re.search(r"Hồ sơ ([0-9.H-]+)", handover).group(1)
    assert "Chuyển hồ sơ cho phòng chuyên môn" in handover
    assert f'action="/staff/dossiers/{code}/documents/receipt"' in handover


def test_only_reception_clerks_receive_and_only_at_their_own_unit(app, client):
    sign_in(client, "chuyenvien.anhoa")
    assert client.get("/staff/counter").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "nguyenvanan")
    assert client.get("/staff/counter").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/dossiers")})
    sign_in(client, "motcua.anhoa")
    response = receive_at_counter(client, "birth_registration", "Lê Thị Cúc", {}, unit="000.01.11.H99")
    assert response.status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.scalar(select(Dossier.code)).startswith("000.01.10.H99")  # the clerk's own ward


def test_a_procedure_of_another_tier_is_not_offered(app, client):
    sign_in(client, "motcua.anhoa")
    response = receive_at_counter(client, "birth_registration", "Lê Thị Cúc", {})
    assert response.status_code == 303
    page = client.get("/staff/counter?procedure=company_registration_llc1").get_data(as_text=True)
    assert 'name="applicant_name"' not in page
