"""Every answer carries the security headers: a policy allowing only the app's own scripts and styles, no framing
(but a dossier file inside the app's own task page), no sniffing, a same-origin referrer; HSTS only over https, and
X-Forwarded-Proto believed only from the configured number of proxies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from engine.models import DossierFile
from tests.e2e.conftest import receive_at_counter, sign_in
from tests.scans import pdf_scan
from webapp import create_app

pytestmark = pytest.mark.usefixtures("demo")


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in policy.split("; ")}


@pytest.mark.parametrize("path", ["/", "/login", "/static/css/app.css", "/no-such-page", "/staff/tasks"])
def test_pages_files_and_errors_carry_every_header(client, path):
    response = client.get(path)
    policy = _directives(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_forms_may_lead_to_the_payment_gateway_only(client, another_app):
    assert _directives(client.get("/"))["form-action"] == "'self'"  # the sandbox gateway is this site's
    real = another_app(PAYMENT_GATEWAY_URL="https://pay.example.vn/checkout?v=2")
    assert _directives(real.test_client().get("/"))["form-action"] == "'self' https://pay.example.vn"


def test_a_dossier_file_may_be_framed_by_this_site_only(app, client):
    sign_in(client, "motcua.ttpv")
    scans = {0: (pdf_scan("Giay de nghi"), "giay-de-nghi.pdf")}
    assert receive_at_counter(client, "company_registration_llc1", "Công ty TNHH Hải Đăng", scans).status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        file_id = uow.session.scalar(select(DossierFile.id))
    preview = client.get(f"/files/{file_id}/preview")  # the task page's frame
    assert preview.status_code == 200
    assert _directives(preview)["frame-ancestors"] == "'self'" and preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    download = client.get(f"/files/{file_id}")
    assert download.headers["X-Frame-Options"] == "DENY" and download.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_over_https_only(client):
    assert (
        client.get("/", base_url="https://motcua.example.vn")
        .headers["Strict-Transport-Security"]
        .startswith("max-age=")
    )
    forged = client.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert "Strict-Transport-Security" not in forged.headers


def test_behind_a_configured_proxy_its_forwarded_scheme_counts(another_app):
    behind_proxy = another_app(proxy_count=1).test_client()
    response = behind_proxy.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.fixture
def another_app(settings, clock) -> Iterator[Callable[..., Flask]]:
    """Builds an app on the same database with other settings (lower case) or Flask config (upper case)."""
    apps = []

    def build(**changes: object) -> Flask:
        changed = {key: value for key, value in changes.items() if key.islower()}
        config = {key: value for key, value in changes.items() if key.isupper()}
        apps.append(create_app(dataclasses.replace(settings, **changed), clock=clock, TESTING=True, **config))
        return apps[-1]

    yield build
    for app in apps:
        app.extensions["motcua"].close()
