"""The portal's front door for visitors: find a procedure, submit, track, ask, and this year's figures."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.usefixtures("demo")


def test_a_visitor_lands_on_the_portal_not_the_login_page(client):
    page = client.get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Cổng dịch vụ công tỉnh Thái An" in text
    assert re.search(r'<form method="get" action="/procedures" role="search"', text)
    assert '<form method="get" action="/lookup"' in text and 'href="/questions/ask"' in text
    assert "31 thủ tục đang được áp dụng." in text
    assert 'href="/procedures?sector=H%E1%BB%99+t%E1%BB%8Bch"' in text  # Hộ tịch, one of the sectors
    assert "Tỷ lệ giải quyết trước và đúng hạn" in text and 'href="/statistics"' in text
    found = client.get("/procedures?q=khai+sinh").get_data(as_text=True)
    assert "Đăng ký khai sinh" in found or "đăng ký khai sinh" in found


def test_the_front_door_reads_in_english(client):
    client.get("/lang/en")
    text = client.get("/").get_data(as_text=True)
    assert "Public service portal" in text and "Track a dossier" in text


def test_signed_in_people_go_where_they_work(client):
    sign_in(client, "nguyenvanan")
    assert client.get("/").headers["Location"].endswith("/my/dossiers")
    sign_in(client, "motcua.anhoa")  # another person signs in on the same browser
    assert "Vai trò của bạn" in client.get("/").get_data(as_text=True)
