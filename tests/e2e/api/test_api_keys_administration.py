"""Administrators issue and revoke keys on their page and with `motcua api-keys`; the key is shown once."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.e2e.api.conftest import AN_HOA, bearer
from tests.e2e.conftest import csrf_token, sign_in
from webapp.cli import main

pytestmark = pytest.mark.usefixtures("demo")


def test_the_admin_page_issues_a_key_that_works_then_revokes_it(client):
    sign_in(client, "quantri")
    token = csrf_token(client, "/admin/api-keys")
    form = {
        "csrf_token": token,
        "name": "Cổng dịch vụ công quốc gia",
        "agencies": [AN_HOA],
        "operations": ["catalog:read", "dossiers:read"],
        "rate_limit": "30/minute",
    }
    page = client.post("/admin/api-keys", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 201
    key = re.search(r'<code id="issued-key">([^<]+)</code>', html).group(1)
    assert client.get("/api/agencies", headers=bearer(key)).status_code == 200
    listing = client.get("/admin/api-keys").get_data(as_text=True)
    assert "Cổng dịch vụ công quốc gia" in listing and key not in listing  # shown once
    client_id = re.search(r"/admin/api-keys/(\d+)/revoke", listing).group(1)
    revoked = client.post(f"/admin/api-keys/{client_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 303
    assert client.get("/api/agencies", headers=bearer(key)).status_code == 401


def test_the_page_refuses_a_bad_request_field_by_field(client):
    sign_in(client, "quantri")
    form = {"csrf_token": csrf_token(client, "/admin/api-keys"), "name": "", "rate_limit": "often"}
    page = client.post("/admin/api-keys", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "issued-key" not in html
    for message in ("Tên hệ thống: bắt buộc", "Cơ quan: chọn ít nhất một", "Phạm vi: chọn ít nhất một", "60/minute"):
        assert message in html


def test_only_administrators_reach_the_page(client):
    sign_in(client, "motcua.anhoa")
    assert client.get("/admin/api-keys").status_code == 403


@pytest.fixture
def motcua(app, settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_the_command_creates_lists_and_revokes(motcua, client):
    created = motcua(
        "api-keys",
        "create",
        "Phần mềm hộ tịch",
        "--admin",
        "quantri",
        "--agency",
        AN_HOA,
        "--operation",
        "catalog:read",
    )
    assert created.exit_code == 0, created.output
    client_id, key = re.match(r"client (\d+): (mc_\S+)", created.output).groups()
    assert client.get("/api/sectors", headers=bearer(key)).status_code == 200
    listed = motcua("api-keys", "list").output
    assert "Phần mềm hộ tịch" in listed and "active" in listed and key not in listed
    refused = motcua(
        "api-keys",
        "create",
        "Phần mềm hộ tịch",
        "--admin",
        "motcua.anhoa",
        "--agency",
        AN_HOA,
        "--operation",
        "catalog:read",
    )
    assert refused.exit_code != 0 and "quyền" in refused.output
    assert motcua("api-keys", "revoke", client_id, "--admin", "quantri").exit_code == 0
    assert "revoked" in motcua("api-keys", "list").output
    assert client.get("/api/sectors", headers=bearer(key)).status_code == 401
