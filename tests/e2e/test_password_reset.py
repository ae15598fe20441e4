"""A forgotten password: a one-time emailed link that expires, and that ends every older session."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import link_in, mails_to

pytestmark = pytest.mark.usefixtures("demo")

ADDRESS = "nguyenvanan@example.vn"


def _ask(client, address=ADDRESS):
    return client.post("/account/reset", data={"csrf_token": csrf_token(client, "/account/reset"), "email": address})


def _choose(client, path, password="mat-khau-moi-cua-an", again=None):
    token = csrf_token(client, "/account/reset")
    return client.post(path, data={"csrf_token": token, "password": password, "password_again": again or password})


def test_the_mailed_link_sets_a_new_password_once_and_ends_older_sessions(app, client):
    other_device = app.test_client()
    sign_in(other_device, "nguyenvanan")
    assert other_device.get("/my/dossiers").status_code == 200

    asked = _ask(client, "NguyenVanAn@Example.vn")
    assert asked.status_code == 200 and "60 phút" in asked.get_data(as_text=True)
    [mail] = mails_to(app, ADDRESS)
    assert mail.subject == "Đặt lại mật khẩu tài khoản Một Cửa" and "10:00 ngày 23/11/2026" in mail.body
    path = link_in(mail)
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Referrer-Policy"] == "no-referrer"

    assert _choose(client, path, again="khong-giong-nhau").status_code == 400
    assert "Mật khẩu phải có ít nhất 10 ký tự." in _choose(client, path, "ngan").get_data(as_text=True)
    done = _choose(client, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"

    assert other_device.get("/my/dossiers").status_code == 302  # signed out everywhere
    assert sign_in(client, "nguyenvanan", "motcua-demo").status_code == 401
    assert sign_in(client, "nguyenvanan", "mat-khau-moi-cua-an").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/dossiers")})
    assert client.get(path).status_code == 400  # used once
    assert _choose(app.test_client(), path, "mat-khau-thu-ba-nhe").status_code == 400


def test_the_link_expires_after_an_hour(app, client, clock):
    _ask(client)
    path = link_in(mails_to(app, ADDRESS)[0])
    clock.advance(timedelta(minutes=59))
    assert client.get(path).status_code == 200
    clock.advance(timedelta(minutes=1))
    expired = client.get(path)
    assert expired.status_code == 400 and "đã hết hạn" in expired.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    known, unknown = _ask(client), _ask(client, "ai-do@example.vn")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace(ADDRESS, "X") == unknown.get_data(as_text=True).replace(
        "ai-do@example.vn", "X"
    )
    assert mails_to(app, "ai-do@example.vn") == []


def test_staff_passwords_are_not_reset_from_the_portal(app, client):
    _ask(client, "motcua.anhoa@thaian.example.vn")
    assert mails_to(app, "motcua.anhoa@thaian.example.vn") == []


def test_a_forged_link_is_refused(client):
    assert client.get("/account/reset/eyJ1IjoxLCJ2IjoxLCJleHAiOjk5OTk5OTk5OTl9.forged").status_code == 400
