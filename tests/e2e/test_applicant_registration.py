"""A citizen or an organisation registers, verifies the email through the mailed link, and signs in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.models import User
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import link_in, mails_to

pytestmark = pytest.mark.usefixtures("demo")

CITIZEN = {
    "applicant_type": "citizen",
    "full_name": "Trần Thị Bình",
    "id_number": "001185012345",
    "date_of_birth": "1985-03-04",
    "phone": "0987 654 321",
    "email": "binh@example.vn",
    "address": "3 Hai Bà Trưng, phường An Hòa",
    "password": "mat-khau-cua-binh",
    "password_again": "mat-khau-cua-binh",
}


def _register(client, **changes):
    form = {**CITIZEN, **changes, "csrf_token": csrf_token(client, "/account/register")}
    return client.post("/account/register", data=form)


def _users(app, **where) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        query = select(func.count()).select_from(User)
        for column, value in where.items():
            query = query.where(getattr(User, column) == value)
        return uow.session.scalar(query)


def test_a_citizen_registers_verifies_and_signs_in(client, app):
    page = _register(client)
    assert page.status_code == 201
    assert "binh@example.vn" in page.get_data(as_text=True)
    [mail] = mails_to(app, "binh@example.vn")
    assert mail.subject == "Xác thực email tài khoản Một Cửa"
    assert "Trần Thị Bình" in mail.body and "09:00 ngày 25/11/2026" in mail.body  # 48 hours

    refused = sign_in(client, "binh@example.vn", "mat-khau-cua-binh")
    assert refused.status_code == 403
    assert "chưa được xác thực" in refused.get_data(as_text=True)

    verified = client.get(link_in(mail))
    assert verified.status_code == 302 and verified.headers["Location"] == "/login"
    assert verified.headers["Referrer-Policy"] == "no-referrer"
    assert sign_in(client, "001185012345", "mat-khau-cua-binh").status_code == 302
    mine = client.get("/", follow_redirects=True)
    assert mine.request.path == "/my/dossiers" and "Hồ sơ của tôi" in mine.get_data(as_text=True)
    with app.extensions["motcua"].unit_of_work() as uow:
        binh = uow.session.scalar(select(User).where(User.email == "binh@example.vn"))
        assert (binh.phone, binh.kind.value, binh.applicant_type.value) == ("0987654321", "applicant", "citizen")
        assert binh.language == "vi" and binh.email_verified_at is not None
        assert binh.password_hash.startswith("$argon2id$")


def test_an_organisation_registers_with_its_tax_code(client, app):
    response = _register(
        client,
        applicant_type="organisation",
        full_name="Công ty TNHH Bình Minh",
        id_number="",
        date_of_birth="",
        tax_code="4600654321-001",
        email="lienhe@binhminh.example.vn",
        phone="0234 382 0000",
    )
    assert response.status_code == 201
    assert _users(app, username="4600654321001", tax_code="4600654321001", id_number=None) == 1


def test_the_verification_link_expires_after_two_days(client, app, clock):
    _register(client)
    clock.advance(timedelta(hours=48))
    expired = client.get(link_in(mails_to(app, "binh@example.vn")[0]))
    assert expired.status_code == 400
    assert "đã hết hạn" in expired.get_data(as_text=True)
    resend = client.post(
        "/account/verify", data={"csrf_token": csrf_token(client, "/account/verify"), "email": "binh@example.vn"}
    )
    assert resend.status_code == 200
    fresh = mails_to(app, "binh@example.vn")[-1]
    assert client.get(link_in(fresh)).status_code == 302


def test_every_wrong_field_is_named_in_vietnamese(client, app):
    page = _register(
        client,
        full_name=" ",
        id_number="04609000123",
        phone="12345",
        email="binh@",
        password="ngan",
        password_again="ngan",
    )
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    for message in (
        "Bắt buộc nhập.",
        "Số căn cước công dân phải gồm đúng 12 chữ số.",
        "Số điện thoại chưa đúng (ví dụ 0912345678).",
        "Địa chỉ email chưa đúng (ví dụ ten@example.vn).",
        "Mật khẩu phải có ít nhất 10 ký tự.",
    ):
        assert message in text
    assert 'id="phone-error"' in text and 'aria-describedby="phone-error"' in text
    assert "govuk-error-summary" in text and '<a href="#phone">' in text  # the summary links every field
    assert _users(app, email="binh@example.vn") == 0 and mails_to(app, "binh@example.vn") == []


def test_errors_come_in_english_for_an_english_reader(client):
    client.get("/lang/en")
    text = _register(client, id_number="046090001234", date_of_birth="1991-05-12", password_again="khac").get_data(
        as_text=True
    )
    assert "The citizen ID number does not match the year of birth." in text
    assert "The two passwords differ." in text


def test_a_taken_id_number_is_refused_without_showing_whose_it_is(client, app):
    page = _register(client, id_number="046090001234", date_of_birth="1990-05-12", email="khac@example.vn")
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "Số căn cước công dân này đã có tài khoản." in text
    assert "Nguyễn Văn An" not in text and "nguyenvanan@example.vn" not in text and "0912345678" not in text
    assert mails_to(app, "khac@example.vn") == []


def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told(client, app):
    page = _register(client, email="NguyenVanAn@example.vn")
    assert page.status_code == 201  # the person registering learns nothing about the address
    assert _users(app, id_number="001185012345") == 0
    [notice] = mails_to(app, "nguyenvanan@example.vn")
    assert notice.subject == "Email của ông/bà đã có tài khoản Một Cửa"
    assert "Nguyễn Văn An" in notice.body and link_in(notice) == "/account/reset"


def test_registration_is_rate_limited(client):
    for _attempt in range(5):
        assert _register(client, phone="1").status_code == 400
    assert _register(client, phone="1").status_code == 429


def test_a_staff_address_gets_no_applicant_mail(client, app):
    assert _register(client, email="motcua.anhoa@thaian.example.vn").status_code == 201
    assert mails_to(app, "motcua.anhoa@thaian.example.vn") == []
    assert _users(app, id_number="001185012345") == 0
