"""A demo without a mail server keeps every notice in the in-app mailbox, where an administrator reads it as sent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.notices.outbox import deliver_outbox
from engine.settings import Settings
from tests.e2e.conftest import sign_in
from tests.integration.engine.conftest import Desk
from webapp import create_app

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def mailbox_app(settings, clock):
    app = create_app(replace(settings, mailbox=True), clock=clock, TESTING=True)
    yield app
    app.extensions["motcua"].close()


def test_notices_land_in_the_mailbox_with_their_links(mailbox_app):
    runtime = mailbox_app.extensions["motcua"]
    code = Desk(runtime, runtime.clock).submit()  # the applicant binh@example.vn is told it was sent
    assert deliver_outbox(runtime).sent >= 1  # no mail server: the mailbox takes it
    client = mailbox_app.test_client()
    sign_in(client, "quantri")
    page = client.get("/admin/mailbox").get_data(as_text=True)
    assert f"Hồ sơ {code} đã được gửi" in page and "Gửi đến: binh@example.vn" in page
    link = f"{runtime.settings.public_url}/lookup?code={code}"
    assert f'<a href="{link}">{link}</a>' in page
    assert 'href="/admin/mailbox"' in page  # offered in the administrator's menu
    assert f"Hồ sơ {code}" not in client.get("/admin/mailbox?to=someone.else").get_data(as_text=True)
    sign_in(client, "motcua.anhoa")
    assert client.get("/admin/mailbox").status_code == 403


def test_an_installation_that_mails_has_no_mailbox(client):
    sign_in(client, "quantri")
    assert client.get("/admin/mailbox").status_code == 404


@pytest.mark.parametrize(
    ("environ", "kept"),
    [
        ({"MOTCUA_ENV": "demo"}, True),
        ({"MOTCUA_ENV": "development"}, True),
        ({"MOTCUA_ENV": "demo", "MOTCUA_SMTP_HOST": "mail.example.vn"}, False),
        ({}, False),  # production mails, or keeps notices waiting until a server is set
    ],
)
def test_the_mailbox_is_for_a_demo_or_development_without_a_mail_server(environ, kept, tmp_path):
    assert Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path), **environ}).mailbox is kept
