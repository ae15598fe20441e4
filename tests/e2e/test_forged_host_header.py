"""A forged Host header: the addresses the app hands out (the gateway's return and callback addresses, mailed links)
still come from MOTCUA_PUBLIC_URL, and in production a request naming a host it does not serve gets 400, never 500."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from engine.models import Event
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import mails_to, online_dossier
from webapp import create_app

FORGED = "127.0.0.1:5998"  # where an attacker would like the gateway to post the signed result


class ForgedHostClient(FlaskClient):
    """A browser whose every request names the attacker's host."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{FORGED}")
        return super().open(*args, **kwargs)


@pytest.fixture
def attacker(app, demo) -> FlaskClient:
    app.test_client_class = ForgedHostClient
    return app.test_client()


def test_the_gateway_posts_and_returns_to_the_public_address_whatever_host_was_named(app, attacker):
    public = app.extensions["motcua"].settings.public_url
    posted_to = []
    app.config["SANDBOX_GATEWAY_NOTIFY"] = lambda url, fields: posted_to.append(url) or 200
    code = online_dossier(app, "company_registration_llc1")
    sign_in(attacker, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    sent = attacker.post(path, data={"csrf_token": csrf_token(attacker, path)})
    order = {k: v[0] for k, v in parse_qs(urlsplit(sent.headers["Location"]).query).items()}
    assert order["return_url"] == f"{public}/my/dossiers/{code}/pay/return"
    assert order["notify_url"] == f"{public}/payments/gateway-callback"

    token = csrf_token(attacker, "/my/drafts")
    back = attacker.post("/sandbox-gateway/pay", data=order | {"csrf_token": token, "decision": "pay"})
    assert posted_to == [f"{public}/payments/gateway-callback"]
    assert back.headers["Location"].startswith(f"{public}/my/dossiers/{code}/pay/return?")
    assert FORGED not in back.headers["Location"]


def test_a_mailed_password_link_names_the_public_address_not_the_requested_host(app, attacker):
    public = app.extensions["motcua"].settings.public_url
    attacker.post(
        "/account/reset", data={"csrf_token": csrf_token(attacker, "/account/reset"), "email": "nguyenvanan@example.vn"}
    )
    [mail] = mails_to(app, "nguyenvanan@example.vn")
    assert f"{public}/account/reset/" in mail.body and FORGED not in mail.body


@pytest.fixture
def production(settings, clock, demo):
    """The app as production runs it, at http://localhost (the test client's own host name)."""
    app = create_app(
        replace(settings, environment="production", public_url="http://localhost"), clock=clock, TESTING=True
    )
    yield app
    app.extensions["motcua"].close()


@pytest.mark.parametrize("host", [FORGED, "evil.example.com", "localhost.evil.example.com", "bad host", "x@localhost"])
def test_production_refuses_a_host_it_does_not_serve_with_400(production, host):
    client = production.test_client()
    code = online_dossier(production, "company_registration_llc1")
    for method, path in [
        ("GET", "/"),
        ("GET", "/login"),
        ("POST", "/login"),
        ("POST", "/payments/gateway-callback"),
        ("GET", f"/my/dossiers/{code}/pay"),
    ]:
        answer = client.open(path, method=method, headers={"Host": host})
        assert answer.status_code == 400, (method, path)
        assert "không thuộc trang này" in answer.get_data(as_text=True)
    with production.extensions["motcua"].unit_of_work() as uow:
        assert (
            uow.session.scalar(
                select(func.count()).select_from(Event).where(Event.action == "payment_callback_refused")
            )
            == 0
        )


def test_production_serves_its_own_host_name_on_any_port(production):
    client = production.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/login", headers={"Host": "localhost:8443"}).status_code == 200


def test_production_answers_health_probes_whatever_host_they_name(production):
    client = production.test_client()
    assert client.get("/healthz", headers={"Host": "10.0.0.7:5000"}).get_json() == {"status": "ok"}
    assert client.get("/readyz", headers={"Host": "127.0.0.1"}).status_code in (200, 503)  # answered, not refused
    assert client.get("/login", headers={"Host": "10.0.0.7:5000"}).status_code == 400  # only the probes
