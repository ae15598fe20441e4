"""The staff dossier page, its documents and files, verification and certificate upload, and who is refused."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from engine.documents.demo_ca import DEMO_PIN, CertificateAuthority
from engine.documents.signatures import sign_pdf
from reports.pdf import render_pdf
from tests.e2e.conftest import csrf_token, sign_in, task_id_in
from tests.pdf_tools import pdf_text
from webapp.cli import main

pytestmark = pytest.mark.usefixtures("demo")


def _receive(client, code: str) -> None:
    sign_in(client, "motcua.anhoa")
    task_id = task_id_in(client.get("/staff/tasks").get_data(as_text=True))
    page = client.get(f"/staff/tasks/{task_id}").get_data(as_text=True)
    assert f"/staff/dossiers/{code}" in page  # the task page links to the dossier page
    version = page.split('name="version" value="')[1].split('"')[0]
    token = csrf_token(client, f"/staff/tasks/{task_id}")
    client.post(f"/staff/tasks/{task_id}", data={"csrf_token": token, "version": version, "decision": "complete"})


def _issue_receipt(client, code: str):
    token = csrf_token(client, f"/staff/dossiers/{code}")
    return client.post(f"/staff/dossiers/{code}/documents/receipt", data={"csrf_token": token})


def test_one_click_issues_the_receipt_and_the_page_lists_it(client, dossier):
    _receive(client, dossier)
    page = client.get(f"/staff/dossiers/{dossier}").get_data(as_text=True)
    assert "Nguyễn Thị Hoa" in page and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in page and "Thông tư số 03/2025/TT-VPCP" in page
    issued = _issue_receipt(client, dossier)
    assert issued.status_code == 303
    pdf = client.get(issued.headers["Location"])
    assert pdf.mimetype == "application/pdf" and "GIẤY TIẾP NHẬN HỒ SƠ" in pdf_text(pdf.data)
    page = client.get(f"/staff/dossiers/{dossier}").get_data(as_text=True)
    file_id = re.search(r'href="/files/(\d+)"', page).group(1)
    assert client.get(f"/files/{file_id}").data == pdf.data


def test_a_form_not_reached_yet_is_refused_without_a_write(client, dossier):
    sign_in(client, "motcua.anhoa")
    response = _issue_receipt(client, dossier)
    assert response.status_code == 303
    assert client.get(f"/staff/dossiers/{dossier}/documents/receipt").status_code == 404


def test_a_clerk_of_another_unit_sees_nothing_even_by_guessing(client, dossier):
    _receive(client, dossier)
    _issue_receipt(client, dossier)
    page = client.get(f"/staff/dossiers/{dossier}").get_data(as_text=True)
    file_id = re.search(r"/files/(\d+)", page).group(1)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/tasks")})
    sign_in(client, "motcua.tanlap")
    for path in (
        f"/staff/dossiers/{dossier}",
        f"/staff/dossiers/{dossier}/documents/receipt",
        f"/files/{file_id}",
        "/staff/dossiers/000.01.10.H99-261123-9999",
    ):
        assert client.get(path).status_code == 404, path
    token = csrf_token(client, "/staff/tasks")
    assert client.post(f"/staff/dossiers/{dossier}/documents/receipt", data={"csrf_token": token}).status_code == 404
    assert client.get("/staff/register?agency=000.01.10.H99").status_code == 404


def test_applicants_are_refused(client, dossier):
    sign_in(client, "nguyenvanan")
    assert client.get(f"/staff/dossiers/{dossier}").status_code == 403


def test_the_register_of_the_clerks_unit(client, dossier):
    _receive(client, dossier)
    assert "000.01.10.H99" in client.get("/staff/register").get_data(as_text=True)
    pdf = client.get("/staff/register?agency=000.01.10.H99&from=2026-11-01&to=2026-11-30")
    assert pdf.mimetype == "application/pdf" and dossier in pdf_text(pdf.data)


def _signed(app) -> bytes:
    rt = app.extensions["motcua"]
    authority = CertificateAuthority.load_or_create(rt.settings.demo_ca_dir, rt.clock.now())
    p12 = authority.issue_pkcs12("Lê Công Thành", "UBND phường An Hòa", DEMO_PIN, rt.clock.now())
    pdf = render_pdf("<p>Quyết định</p>")
    return sign_pdf(pdf, p12, DEMO_PIN, at=rt.clock.now(), signer_name="Lê Công Thành", reason="Ký", location="An Hòa")


def test_anyone_can_verify_a_signed_pdf(client, app):
    token = csrf_token(client, "/verify")
    response = client.post(
        "/verify",
        data={"csrf_token": token, "file": (io.BytesIO(_signed(app)), "qd.pdf")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Lê Công Thành" in page
    assert "Chữ ký số hợp lệ" in page and "Tệp không bị thay đổi sau khi ký" in page
    modified = bytearray(_signed(app))
    at = modified.index(b"/Contents") - 40  # a byte of the signed revision, before the signature
    modified[at : at + 1] = b"X" if modified[at : at + 1] != b"X" else b"Y"
    page = client.post(
        "/verify",
        data={"csrf_token": token, "file": (io.BytesIO(bytes(modified)), "qd.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Tệp đã bị thay đổi sau khi ký" in page and "Chữ ký số hợp lệ" not in page
    assert "không tin cậy" not in page
    bad = client.post(
        "/verify",
        data={"csrf_token": token, "file": (io.BytesIO(b"not a pdf"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400


def test_motcua_verify_prints_the_report(app, tmp_path):
    path = tmp_path / "qd.pdf"
    path.write_bytes(_signed(app))
    result = CliRunner().invoke(main, ["verify", str(path)], obj=_script_info(app))
    assert result.exit_code == 0, result.output
    assert "Lê Công Thành" in result.output and "intact" in result.output and "trusted" in result.output


def _script_info(app):
    return ScriptInfo(create_app=lambda: app)


def test_only_an_administrator_uploads_a_certificate(client, app):
    rt = app.extensions["motcua"]
    p12 = CertificateAuthority.load_or_create(rt.settings.demo_ca_dir, rt.clock.now()).issue_pkcs12(
        "Lê Công Thành", "UBND", "246810", rt.clock.now()
    )
    sign_in(client, "motcua.anhoa")
    assert client.get("/admin/certificates").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/tasks")})
    sign_in(client, "quantri")
    token = csrf_token(client, "/admin/certificates")

    def upload(pin: str):
        data = {"csrf_token": token, "username": "lanhdao.anhoa", "pin": pin, "pkcs12": (io.BytesIO(p12), "l.p12")}
        return client.post("/admin/certificates", data=data, content_type="multipart/form-data")

    wrong = upload("000000")
    assert wrong.status_code == 400 and "Mã PIN" in wrong.get_data(as_text=True)
    assert upload("246810").status_code == 303
    assert "Lê Công Thành (lanhdao.anhoa)" in client.get("/admin/certificates").get_data(as_text=True)
