"""The profile: the applicant sees their own details and changes phone, address and the language of notices."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.models import User
from tests.e2e.conftest import csrf_token, sign_in

pytestmark = pytest.mark.usefixtures("demo")


def _save(client, **form):
    return client.post("/account/profile", data={"csrf_token": csrf_token(client, "/account/profile"), **form})


def test_an_applicant_updates_phone_address_and_language(app, client):
    sign_in(client, "nguyenvanan")
    page = client.get("/account/profile").get_data(as_text=True)
    assert "046090001234" in page and "12/05/1990" in page and "nguyenvanan@example.vn" in page

    wrong = _save(client, phone="12", address="", language="vi")
    assert wrong.status_code == 400 and "Số điện thoại chưa đúng" in wrong.get_data(as_text=True)

    saved = _save(client, phone="+84 987 000 111", address="5 Lý Thường Kiệt", language="en")
    assert saved.status_code == 303
    assert "Phone" in client.get("/account/profile").get_data(as_text=True)  # the page follows the new language
    with app.extensions["motcua"].unit_of_work() as uow:
        an = uow.session.scalar(select(User).where(User.username == "nguyenvanan"))
        assert (an.phone, an.address, an.language) == ("0987000111", "5 Lý Thường Kiệt", "en")


def test_the_profile_is_for_applicants_signed_in(client):
    assert client.get("/account/profile").status_code == 302
    sign_in(client, "motcua.anhoa")
    assert client.get("/account/profile").status_code == 403
