"""Changing one's password: current password first, new twice; this session stays, every other one ends."""

from __future__ import annotations

import pytest

from engine.demo import DEMO_PASSWORD
from tests.e2e.conftest import csrf_token, sign_in

pytestmark = pytest.mark.usefixtures("demo")

NEW = "mot-mat-khau-moi-2026"


def _change(client, current: str, new: str, again: str | None = None):
    token = csrf_token(client, "/account/password")
    return client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "new_password_again": again or new,
        },
    )


@pytest.mark.parametrize("login", ["motcua.anhoa", "nguyenvanan"])
def test_this_session_stays_and_the_others_end(app, client, login):
    other = app.test_client()
    sign_in(other, login)
    assert other.get("/account/password").status_code == 200
    sign_in(client, login)
    response = _change(client, DEMO_PASSWORD, NEW)
    assert response.status_code == 303
    assert "Đã đổi mật khẩu" in client.get("/account/password").get_data(as_text=True)
    assert other.get("/account/password").status_code == 302  # sent to sign in
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    assert sign_in(client, login).status_code == 401
    assert sign_in(client, login, NEW).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong-password", NEW, NEW, "Mật khẩu hiện tại không đúng."),
        (DEMO_PASSWORD, NEW, NEW + "x", "Hai lần nhập mật khẩu mới không khớp."),
        (DEMO_PASSWORD, "short", "short", "Từ 10 đến 255 ký tự."),
        (DEMO_PASSWORD, DEMO_PASSWORD + "", DEMO_PASSWORD, "Mật khẩu mới phải khác mật khẩu hiện tại."),
    ],
)
def test_mistakes_are_shown_next_to_their_field_and_change_nothing(client, current, new, again, message):
    sign_in(client, "motcua.anhoa")
    response = _change(client, current, new, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    assert sign_in(client, "motcua.anhoa").status_code == 302  # the old password still works


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/account/password").status_code == 302


def test_the_form_needs_its_csrf_token(client):
    sign_in(client, "motcua.anhoa")
    response = client.post(
        "/account/password", data={"current_password": DEMO_PASSWORD, "new_password": NEW, "new_password_again": NEW}
    )
    assert response.status_code == 400
