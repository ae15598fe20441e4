"""A message the national portal refused shows among the administrator's failed notices, and is sent again from
there once the cause is fixed."""

from __future__ import annotations

import re

import pytest

from engine.notices.outbox import deliver_outbox
from engine.settings import Settings
from tests.e2e.conftest import csrf_token, sign_in
from tests.national_portal import connected_settings


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def test_a_refused_message_is_shown_and_resent(app, client, desk, portal):
    code = desk.submit()
    portal.refusing = 1
    deliver_outbox(desk.runtime)  # a refusal is not retried
    assert portal.received == [] and "refused on purpose" in portal.problems
    sign_in(client, "quantri")
    page = client.get("/admin/operations").get_data(as_text=True)
    assert f"DongBoHoSoMC {code}" in page and "national portal refused: error_code 1" in page
    message_id = re.search(r"/admin/operations/notices/(\d+)/retry", page).group(1)

    answer = client.post(
        f"/admin/operations/notices/{message_id}/retry", data={"csrf_token": csrf_token(client, "/admin/operations")}
    )
    assert answer.status_code == 303
    for _ in range(3):
        deliver_outbox(desk.runtime)
    assert [r["service"] for r in portal.received] == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]
