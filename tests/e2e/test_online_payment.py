"""Level 4 fees through the sandbox gateway: signed order, signed server-to-server callback, receipt; refusals."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from engine.models import Event, OutboxMessage, Payment, PaymentState
from engine.payments import gateway as protocol
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import deliver_through_app, online_dossier
from webapp import create_app


@pytest.fixture
def company(app, demo):
    """A single-member company registration (full online, 100.000 đ online) submitted by nguyenvanan."""
    return online_dossier(app, "company_registration_llc1")


@pytest.fixture
def applicant(client, company):
    sign_in(client, "nguyenvanan")
    return client


def _order(client, code) -> dict[str, str]:
    """Ask to pay: the signed order the applicant's browser is sent to the gateway with."""
    response = client.post(
        f"/my/dossiers/{code}/pay", data={"csrf_token": csrf_token(client, f"/my/dossiers/{code}/pay")}
    )
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert target.path == "/sandbox-gateway/pay"
    return {k: v[0] for k, v in parse_qs(target.query).items()}


def _result(app, placed, **changes) -> dict[str, str]:
    """What the gateway would send back for this order, signed with the shared secret."""
    result = {
        "merchant": placed["merchant"],
        "reference": placed["reference"],
        "order": placed["order"],
        "amount": placed["amount"],
        "currency": "VND",
        "transaction": "SBX000001",
        "response_code": "00",
        "paid_at": "20261123090000",
    } | changes
    return protocol.sign(result, app.config["PAYMENT_SECRET"])


def _payment(app) -> Payment:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(Payment))


def _events(app, action) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Event).where(Event.action == action))


def test_pay_in_the_sandbox_from_order_to_receipt(app, applicant, company):
    deliver_through_app(app)
    page = applicant.get(f"/my/dossiers/{company}/pay").get_data(as_text=True)
    assert "Phí công bố nội dung đăng ký doanh nghiệp" in page and "100.000 đ" in page
    order = _order(applicant, company)
    assert (order["order"], order["amount"], order["currency"]) == (company, "100000", "VND")

    checkout = applicant.get("/sandbox-gateway/pay", query_string=order)
    assert checkout.status_code == 200 and "100.000 VND" in checkout.get_data(as_text=True)
    fields = order | {
        "csrf_token": csrf_token(applicant, "/sandbox-gateway/pay?" + urlsplit(checkout.request.url).query)
    }
    back = applicant.post("/sandbox-gateway/pay", data=fields | {"decision": "pay"})
    public_url = app.extensions["motcua"].settings.public_url
    assert back.status_code == 303 and back.headers["Location"].startswith(
        f"{public_url}/my/dossiers/{company}/pay/return?"
    )

    payment = _payment(app)
    assert payment.state is PaymentState.PAID and payment.gateway_reference.startswith("SBX")
    returned = applicant.get(back.headers["Location"].removeprefix(public_url)).get_data(as_text=True)
    assert "Đã thanh toán 100.000 đ" in returned
    receipt = applicant.get(f"/my/dossiers/{company}/payments/{payment.reference}/receipt").get_data(as_text=True)
    assert payment.reference in receipt and payment.gateway_reference in receipt and "Nguyễn Văn An" in receipt
    with app.extensions["motcua"].unit_of_work() as uow:
        subjects = list(uow.session.scalars(select(OutboxMessage.subject)))
    assert f"Hồ sơ {company}: đã nhận thanh toán" in subjects
    again = applicant.post(
        f"/my/dossiers/{company}/pay", data={"csrf_token": csrf_token(applicant, f"/my/dossiers/{company}/pay")}
    )
    assert again.status_code == 303 and "đã được thanh toán" in applicant.get(again.headers["Location"]).get_data(
        as_text=True
    )


def test_a_cancelled_payment_is_recorded_as_failed_and_can_be_retried(app, applicant, company):
    deliver_through_app(app)
    order = _order(applicant, company)
    token = csrf_token(applicant, "/my/drafts")
    back = applicant.post("/sandbox-gateway/pay", data=order | {"csrf_token": token, "decision": "cancel"})
    returned = applicant.get(back.headers["Location"].removeprefix(app.extensions["motcua"].settings.public_url))
    assert "không thành công" in returned.get_data(as_text=True)
    assert _payment(app).state is PaymentState.FAILED
    assert _order(applicant, company)["reference"] != order["reference"]


def test_a_tampered_callback_is_refused(app, applicant, company):
    order = _order(applicant, company)
    forged = _result(app, order) | {"amount": "1000"}
    answer = app.test_client().post("/payments/gateway-callback", data=forged)
    assert answer.status_code == 400 and answer.json["code"] == "97"
    unsigned = {k: v for k, v in _result(app, order).items() if k != "signature"}
    assert app.test_client().post("/payments/gateway-callback", data=unsigned).status_code == 400
    other_secret = protocol.sign({k: v for k, v in _result(app, order).items() if k != "signature"}, "not-the-secret")
    assert app.test_client().post("/payments/gateway-callback", data=other_secret).status_code == 400
    assert _payment(app).state is PaymentState.PENDING


def test_a_signed_callback_for_another_amount_or_dossier_is_refused(app, applicant, company):
    order = _order(applicant, company)
    for changes in ({"amount": "1000"}, {"order": "000.00.01.H99-261123-9999"}):
        answer = app.test_client().post("/payments/gateway-callback", data=_result(app, order, **changes))
        assert answer.status_code == 400 and answer.json["code"] == "04"
    missing = app.test_client().post("/payments/gateway-callback", data=_result(app, order, reference="TT000000NOPE"))
    assert missing.status_code == 404
    assert _payment(app).state is PaymentState.PENDING


def test_a_replayed_callback_changes_nothing(app, applicant, company):
    result = _result(app, _order(applicant, company))
    first = app.test_client().post("/payments/gateway-callback", data=result)
    assert first.status_code == 200 and first.json["code"] == "00"
    paid_at = _payment(app).paid_at
    app.extensions["motcua"].clock.advance(timedelta(minutes=5))
    replay = app.test_client().post("/payments/gateway-callback", data=result)
    assert replay.status_code == 200 and replay.json["code"] == "02"
    assert _payment(app).paid_at == paid_at
    assert _events(app, "payment_received") == 1


def test_someone_elses_dossier_cannot_be_paid_or_its_receipt_seen(app, client, company):
    sign_in(client, "anphat")
    assert client.get(f"/my/dossiers/{company}/pay").status_code == 404  # as a missing one: codes cannot be probed
    token = csrf_token(client, "/my/drafts")
    assert client.post(f"/my/dossiers/{company}/pay", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/my/dossiers/{company}/payments/TT1/receipt").status_code == 404
    assert client.get("/my/dossiers/000.00.01.H99-261123-9999/pay").status_code == 404


def test_a_level_3_fee_is_paid_at_the_counter_and_refunded_with_a_reason(app, client, demo):
    code = online_dossier(app, "birth_registration")
    sign_in(client, "nguyenvanan")
    page = client.post(f"/my/dossiers/{code}/pay", data={"csrf_token": csrf_token(client, "/my/drafts")})
    assert page.status_code == 303 and "không có khoản phí nộp trực tuyến" in client.get(
        page.headers["Location"]
    ).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/drafts")})

    sign_in(client, "motcua.tanlap")  # a clerk of another commune
    assert client.get(f"/staff/dossiers/{code}/payments").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/tasks")})
    sign_in(client, "motcua.anhoa")
    path = f"/staff/dossiers/{code}/payments"
    assert "Lệ phí đăng ký khai sinh quá hạn" in client.get(path).get_data(as_text=True)
    bad = client.post(path, data={"csrf_token": csrf_token(client, path), "amount": "tám nghìn"})
    assert bad.status_code == 400 and "nhập số đồng" in bad.get_data(as_text=True)
    assert client.post(path, data={"csrf_token": csrf_token(client, path), "amount": "8.000"}).status_code == 303
    payment = _payment(app)
    assert (payment.state, payment.amount_vnd, payment.channel.value) == (PaymentState.PAID, 8000, "counter")

    refund = f"{path}/{payment.reference}/refund"
    refused = client.post(refund, data={"csrf_token": csrf_token(client, path), "reason": ""})
    assert refused.status_code == 400 and "Lý do hoàn trả" in refused.get_data(as_text=True)
    reason = "Cơ quan không thực hiện được do thiếu phôi"
    assert client.post(refund, data={"csrf_token": csrf_token(client, path), "reason": reason}).status_code == 303
    payment = _payment(app)
    assert payment.state is PaymentState.REFUNDED and payment.refund_reason == reason and payment.refunded_by_id
    again = client.post(refund, data={"csrf_token": csrf_token(client, path), "reason": reason})
    assert again.status_code == 400
    assert _events(app, "payment_refunded") == 1


def test_applicants_cannot_use_the_staff_payment_page(app, applicant, company):
    assert applicant.get(f"/staff/dossiers/{company}/payments").status_code == 403


def test_the_sandbox_is_off_when_a_real_gateway_is_configured(settings, clock):
    app = create_app(settings, clock=clock, TESTING=True, PAYMENT_GATEWAY_URL="https://gateway.example.vn/pay")
    try:
        assert app.test_client().get("/sandbox-gateway/pay").status_code == 404
    finally:
        app.extensions["motcua"].close()


def test_the_gateway_and_the_return_page_refuse_tampered_parameters(app, applicant, company):
    order = _order(applicant, company)
    assert applicant.get("/sandbox-gateway/pay", query_string=order | {"amount": "1"}).status_code == 400
    token = csrf_token(applicant, "/my/drafts")
    cheaper = order | {"amount": "1", "csrf_token": token, "decision": "pay"}
    assert applicant.post("/sandbox-gateway/pay", data=cheaper).status_code == 400
    back = _result(app, order)
    path = f"/my/dossiers/{company}/pay/return"
    assert applicant.get(path, query_string=back | {"response_code": "00", "amount": "1"}).status_code == 400
    assert applicant.get(path, query_string=back).status_code == 200
    assert _payment(app).state is PaymentState.PENDING  # the return page shows, only the callback confirms
