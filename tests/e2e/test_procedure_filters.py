"""Staff filter by procedure under its code and name, in the page's language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.usefixtures("demo")


def test_the_inbox_and_the_reports_name_the_procedures_they_filter_by(client):
    sign_in(client, "giamsat")
    reports = client.get("/reports").get_data(as_text=True)
    assert ">1.001193 — Thủ tục đăng ký khai sinh</option>" in reports
    sign_in(client, "motcua.anhoa")
    inbox = client.get("/staff/tasks").get_data(as_text=True)
    assert 'value="birth_registration"' in inbox and ">1.001193 — Thủ tục đăng ký khai sinh</option>" in inbox
    client.get("/lang/en")
    assert ">1.001193 — Birth registration</option>" in client.get("/staff/tasks").get_data(as_text=True)
