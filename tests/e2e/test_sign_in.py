"""Signing in and out, in Vietnamese first and in English."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from engine.models import User
from engine.people.accounts import set_password
from engine.people.sign_in_throttle import PER_LOGIN
from tests.e2e.conftest import csrf_token, sign_in

pytestmark = pytest.mark.usefixtures("demo")


def test_the_login_page_is_in_vietnamese(client):
    page = client.get("/login", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "Tên đăng nhập hoặc email" in page.get_data(as_text=True)


def test_a_clerk_signs_in_and_sees_their_role_and_unit(client):
    response = sign_in(client, "motcua.ttpv")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Cán bộ một cửa" in page
    assert "Trung tâm Phục vụ hành chính công tỉnh" in page


def test_each_page_reads_the_signed_in_person_with_their_roles_in_one_statement(app, client):
    sign_in(client, "motcua.ttpv")
    statements: list[str] = []
    engine = app.extensions["motcua"].engine

    def listener(_connection, _cursor, sql, *_args) -> None:
        statements.append(" ".join(sql.split()))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert "Cán bộ một cửa" in client.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    (person,) = [sql for sql in statements if " FROM users " in sql]
    assert "JOIN role_assignments" in person
    assert not [sql for sql in statements if " FROM role_assignments " in sql]


def test_an_applicant_signs_in_with_their_email(client):
    assert sign_in(client, "NguyenVanAn@example.vn").status_code == 302
    assert "Nguyễn Văn An" in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_a_wrong_password_is_refused_in_plain_words(client):
    response = sign_in(client, "motcua.ttpv", "sai-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/account/password").status_code == 302  # not signed in: to the sign-in page


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/login", data={"login": "motcua.ttpv", "password": "motcua-demo"})
    assert response.status_code == 400
    assert client.get("/account/password").status_code == 302  # not signed in: to the sign-in page


def test_the_next_page_is_followed_only_within_the_site(client):
    assert sign_in(client, "giamsat", next_path="//evil.example/").headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert sign_in(client, "giamsat", next_path="/lang/vi").headers["Location"] == "/lang/vi"


def test_signing_out_ends_the_session(client):
    sign_in(client, "quantri")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/account/password").status_code == 302  # not signed in: to the sign-in page


def test_the_english_version(client):
    client.get("/lang/en")
    page = client.get("/login").get_data(as_text=True)
    assert "Username or email" in page
    sign_in(client, "chuyenvien.stc")
    assert "Specialist" in client.get("/").get_data(as_text=True)


def test_repeated_sign_in_attempts_are_slowed_down(client):
    for attempt in range(10):
        assert sign_in(client, f"guess{attempt}", "wrong password").status_code == 401
    refused = sign_in(client, "motcua.anhoa")
    assert refused.status_code == 429
    assert "Bạn đã gửi quá nhiều yêu cầu" in refused.get_data(as_text=True)


def _refusal(response) -> tuple[int, list[str]]:
    page = response.get_data(as_text=True)
    return response.status_code, re.findall(
        r'<p class="govuk-error-message"[^>]*><span[^>]*>[^<]*</span> ([^<]+)</p>', page
    )


def test_unknown_logins_wrong_passwords_and_throttled_attempts_read_the_same(client, clock):
    unknown = _refusal(sign_in(client, "khong.ton.tai", "wrong password"))
    wrong = _refusal(sign_in(client, "motcua.anhoa", "wrong password"))
    for _attempt in range(PER_LOGIN.free):
        sign_in(client, "motcua.anhoa", "wrong password")
    throttled = _refusal(sign_in(client, "motcua.anhoa"))  # the right password, too soon
    assert unknown == wrong == throttled
    assert throttled[0] == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in throttled[1][0]
    clock.advance(PER_LOGIN.longest)
    assert sign_in(client, "motcua.anhoa").status_code == 302


def test_a_guesser_from_one_address_does_not_lock_the_owner_out(client, app):
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _attempt in range(PER_LOGIN.free + 3):
        sign_in(client, "motcua.anhoa", "wrong password")
    assert sign_in(client, "motcua.anhoa").status_code == 401
    assert sign_in(other, "motcua.anhoa").status_code == 302


def test_a_password_change_ends_sessions_signed_in_before_it(app, client):
    sign_in(client, "motcua.anhoa")
    assert client.get("/staff/tasks").status_code == 200
    with app.extensions["motcua"].unit_of_work() as uow:
        set_password(uow.session.scalar(select(User).where(User.username == "motcua.anhoa")), "mật khẩu mới của tôi")
        uow.commit()
    assert client.get("/staff/tasks").status_code == 302  # back to the sign-in page
