"""The sandbox gateway marks fees paid without taking money: production never serves it, and without a real gateway
it refuses online payment with a clear Vietnamese message while the counter keeps taking fees."""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from engine.models import Event, Payment, PaymentState
from engine.payments import gateway as protocol
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import online_dossier
from webapp import create_app

PUBLIC = "http://localhost"
GATEWAY = "https://pay.gateway.example.vn/checkout"
OFFLINE = "Hiện chưa thể thanh toán trực tuyến vì cổng thanh toán chưa được kết nối."


@pytest.fixture
def start(settings, clock, demo):
    """Starts the app in an environment, with Flask settings; every app started is closed after the test."""
    started = []

    def start_app(environment: str = "production", **config):
        app = create_app(replace(settings, environment=environment, public_url=PUBLIC), clock=clock, **config)
        started.append(app)
        return app

    yield start_app
    for app in started:
        app.extensions["motcua"].close()


def _count(app, model, *where) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))


def _sandbox_answers(app) -> set[int]:
    client = app.test_client()
    return {client.get("/sandbox-gateway/pay").status_code, client.post("/sandbox-gateway/pay").status_code}


def test_production_without_a_gateway_says_so_and_sends_applicants_to_the_counter(start, caplog):
    with caplog.at_level(logging.WARNING):
        app = start(TESTING=True)
    assert "Online payment is OFF" in caplog.text and "MOTCUA_PAYMENT_GATEWAY_URL" in caplog.text
    assert _sandbox_answers(app) == {404}

    code = online_dossier(app, "company_registration_llc1")
    client = app.test_client()
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    page = client.get(path).get_data(as_text=True)
    assert OFFLINE in page and "Bộ phận tiếp nhận và trả kết quả" in page and "100.000 đ" in page
    assert "Thanh toán qua cổng thanh toán" not in page
    refused = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert refused.status_code == 303 and urlsplit(refused.headers["Location"]).path == path
    assert _count(app, Payment) == 0 and _count(app, Event, Event.action == "payment_started") == 0

    client = app.test_client()
    sign_in(client, "motcua.ttpv")  # the provincial centre's reception clerk still takes the fee
    counter = f"/staff/dossiers/{code}/payments"
    taken = client.post(counter, data={"csrf_token": csrf_token(client, counter), "amount": "100.000"})
    assert taken.status_code == 303
    assert _count(app, Payment, Payment.state == PaymentState.PAID, Payment.channel == "counter") == 1


def test_production_never_serves_the_sandbox_even_when_pointed_at_it(start, app):
    production = start(TESTING=True, PAYMENT_GATEWAY_URL="/sandbox-gateway/pay")
    assert _sandbox_answers(production) == {404}
    assert not production.config["PAYMENT_ONLINE"]
    code = online_dossier(production, "company_registration_llc1")
    client = production.test_client()
    sign_in(client, "nguyenvanan")
    assert OFFLINE in client.get(f"/my/dossiers/{code}/pay").get_data(as_text=True)
    # No secret was issued, so nothing signed with the one a development machine derives is taken.
    forged = protocol.sign(
        {
            "merchant": "MOTCUA",
            "reference": "TT261123AAAAAAAAAA",
            "order": code,
            "amount": "100000",
            "currency": "VND",
            "transaction": "SBX1",
            "response_code": "00",
            "paid_at": "20261123090000",
        },
        app.config["PAYMENT_SECRET"],
    )
    assert production.test_client().post("/payments/gateway-callback", data=forged).status_code == 400


def test_production_sends_applicants_to_the_real_gateway_with_the_public_addresses(start):
    app = start(TESTING=True, PAYMENT_GATEWAY_URL=GATEWAY, PAYMENT_SECRET="secret-issued-by-the-gateway")
    assert _sandbox_answers(app) == {404}
    code = online_dossier(app, "company_registration_llc1")
    client = app.test_client()
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    sent = client.post(path, data={"csrf_token": csrf_token(client, path)})
    target = urlsplit(sent.headers["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == GATEWAY
    order = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert protocol.verified(order, "secret-issued-by-the-gateway", protocol.ORDER_FIELDS) is not None
    assert (order["return_url"], order["notify_url"]) == (
        f"{PUBLIC}/my/dossiers/{code}/pay/return",
        f"{PUBLIC}/payments/gateway-callback",
    )


@pytest.mark.parametrize("environment", ["demo", "development"])
def test_a_demo_or_development_machine_serves_the_sandbox(start, environment):
    app = start(environment, TESTING=True)
    assert app.config["PAYMENT_ONLINE"] and app.config["PAYMENT_GATEWAY_URL"] == "/sandbox-gateway/pay"
    assert app.test_client().get("/sandbox-gateway/pay").status_code == 400  # served; an unsigned order is refused
