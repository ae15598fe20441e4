"""The national portal's session is obtained by logging in (username, password, `dstcode` header), kept until it
expires, renewed once when the portal answers "unauthorised"; the password and the token never reach the logs or
the outbox."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest

from engine.models import OutboxState
from engine.notices.outbox import deliver_outbox
from engine.settings import Settings
from tests.national_portal import PASSWORD, connected_settings, national_messages, portal_settings


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def _deliver_until_quiet(desk) -> None:
    for _ in range(30):
        if not deliver_outbox(desk.runtime).sent:
            return


def test_one_login_serves_every_message_until_the_session_expires(desk, portal, clock):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    _deliver_until_quiet(desk)
    assert portal.problems == [] and len(portal.received) == 4
    assert portal.sessions == ["phien-1"]  # one login for four messages, across delivery runs

    clock.advance(timedelta(minutes=10))  # the session has lived its ten minutes
    desk.complete(code, "hand_over", "motcua.anhoa")
    _deliver_until_quiet(desk)
    assert portal.sessions == ["phien-1", "phien-2"]
    assert [r["session"] for r in portal.received] == ["phien-1"] * 4 + ["phien-2"] * 2


def test_an_unauthorised_answer_logs_in_again_once_and_the_message_goes(desk, portal):
    desk.submit()
    deliver_outbox(desk.runtime)
    portal.expire_session()
    _deliver_until_quiet(desk)
    assert portal.problems == ["wrong session"]  # the one call with the forgotten session
    assert [r["service"] for r in portal.received] == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]
    assert portal.received[-1]["session"] == portal.sessions[-1] == "phien-3"
    assert {m.state for m in national_messages(desk.runtime)} == {OutboxState.SENT}


def test_a_refused_login_is_retried_and_never_shows_a_secret(desk, portal, clock, caplog, tmp_path, db_url):
    wrong = replace(
        connected_settings(tmp_path, db_url, portal), national_portal=portal_settings(portal, "sai-mat-khau")
    )
    desk.runtime.settings = wrong
    desk.submit()
    with caplog.at_level(logging.DEBUG):
        deliver_outbox(desk.runtime)
    first = national_messages(desk.runtime)[0]
    assert first.state is OutboxState.PENDING and first.attempts == 1
    assert "login refused for motcua.h99" in first.last_error and "sai-mat-khau" not in first.last_error
    assert portal.received == [] and portal.problems == ["wrong login"]

    desk.runtime.settings = connected_settings(tmp_path, db_url, portal)  # the administrator fixed the password
    with caplog.at_level(logging.DEBUG):
        clock.advance(timedelta(minutes=1))
        deliver_outbox(desk.runtime)
    assert [r["service"] for r in portal.received] == ["DongBoHoSoMC"]
    logged = caplog.text
    assert "logged in as motcua.h99" in logged
    assert PASSWORD not in logged and "sai-mat-khau" not in logged and portal.sessions[-1] not in logged
    assert PASSWORD not in repr(desk.runtime.settings)
