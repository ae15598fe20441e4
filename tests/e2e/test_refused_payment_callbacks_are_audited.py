"""Every callback the gateway endpoint refuses (forged signature, unknown order, mismatch, replay) leaves one audit
event with the reason and the caller's address and writes nothing else; a flood of them is cut off by the rate
limit, and so are its events."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from engine.models import Event, OutboxMessage, Payment, PaymentState
from engine.payments import gateway as protocol
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import online_dossier

CALLBACK = "/payments/gateway-callback"
CALLER = "203.0.113.7"


@pytest.fixture
def order(app, client, demo) -> dict[str, str]:
    """The signed order for a company registration's 100.000 đ fee, as the applicant's browser carries it."""
    code = online_dossier(app, "company_registration_llc1")
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    sent = client.post(path, data={"csrf_token": csrf_token(client, path)})
    return {k: v[0] for k, v in parse_qs(urlsplit(sent.headers["Location"]).query).items()}


def _result(placed: dict[str, str], secret: str, **changes: str) -> dict[str, str]:
    fields = {name: placed[name] for name in ("merchant", "reference", "order", "amount")}
    result = fields | {"currency": "VND", "transaction": "GW0001", "response_code": "00", "paid_at": "20261123090000"}
    return protocol.sign(result | changes, secret)


def _post(app, fields: dict[str, str], caller: str = CALLER):
    return app.test_client().post(CALLBACK, data=fields, environ_base={"REMOTE_ADDR": caller})


def _state(app) -> tuple[list[tuple], int, int, list[Event]]:
    """Payments, outbox size, other events, refusal events."""
    with app.extensions["motcua"].unit_of_work() as uow:
        session = uow.session
        payments = [(p.reference, p.state, p.paid_at, p.gateway_reference) for p in session.scalars(select(Payment))]
        outbox = session.scalar(select(func.count()).select_from(OutboxMessage))
        others = session.scalar(
            select(func.count()).select_from(Event).where(Event.action != "payment_callback_refused")
        )
        refusals = list(
            session.scalars(select(Event).where(Event.action == "payment_callback_refused").order_by(Event.id))
        )
        session.expunge_all()
        return payments, outbox, others, refusals


FORGERIES = {
    "bad_signature": lambda order, secret: _result(order, "guessed-secret"),
    "unsigned": lambda order, secret: {k: v for k, v in _result(order, secret).items() if k != "signature"},
    "tampered": lambda order, secret: _result(order, secret) | {"amount": "1000"},
    "other_merchant": lambda order, secret: _result(order, secret, merchant="KHAC"),
    "bad_amount": lambda order, secret: _result(order, secret, amount="1e5"),
    "superscript_amount": lambda order, secret: _result(order, secret, amount="10²"),
    "huge_amount": lambda order, secret: _result(order, secret, amount="9" * 5000),
    "unknown_order": lambda order, secret: _result(order, secret, reference="TT261123FFFFFFFFFF"),
    "order_mismatch": lambda order, secret: _result(order, secret, order="000.00.01.H99-261123-9999"),
    "amount_mismatch": lambda order, secret: _result(order, secret, amount="1000"),
}
EXPECTED = {  # HTTP status, gateway code, the refusal recorded
    "bad_signature": (400, "97", "bad_signature"),
    "unsigned": (400, "97", "bad_signature"),
    "tampered": (400, "97", "bad_signature"),
    "other_merchant": (400, "97", "bad_signature"),
    "bad_amount": (400, "04", "bad_amount"),
    "superscript_amount": (400, "04", "bad_amount"),
    "huge_amount": (400, "04", "bad_amount"),
    "unknown_order": (404, "01", "unknown_order"),
    "order_mismatch": (400, "04", "order_mismatch"),
    "amount_mismatch": (400, "04", "amount_mismatch"),
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_refused_callback_is_audited_with_its_reason_and_caller_and_changes_nothing_else(app, order, forgery):
    before = _state(app)
    fields = FORGERIES[forgery](order, app.config["PAYMENT_SECRET"])
    answer = _post(app, fields)
    status, code, refusal = EXPECTED[forgery]
    assert (answer.status_code, answer.json["code"]) == (status, code)

    payments, outbox, others, [event] = _state(app)
    assert (payments, outbox, others) == before[:3]
    assert payments[0][1] is PaymentState.PENDING
    assert (event.result, event.dossier_id, event.actor_id) == (refusal, None, None)
    assert event.reason and event.after["address"] == CALLER
    assert event.after["reference"] == fields["reference"] and event.after["amount"] == fields["amount"][:80]


def test_a_replayed_result_is_audited_and_changes_nothing(app, order, clock):
    result = _result(order, app.config["PAYMENT_SECRET"])
    assert _post(app, result, caller="198.51.100.1").json["code"] == "00"
    payments, outbox, others, refusals = _state(app)
    assert payments[0][1] is PaymentState.PAID and refusals == []

    replay = _post(app, result)
    assert (replay.status_code, replay.json["code"]) == (200, "02")
    after = _state(app)
    assert after[:3] == (payments, outbox, others)
    [event] = after[3]
    assert (event.result, event.after["address"], event.after["transaction"]) == ("replayed", CALLER, "GW0001")


def test_a_cancelled_result_sent_again_is_a_replay(app, order):
    cancelled = _result(order, app.config["PAYMENT_SECRET"], response_code="24")
    assert _post(app, cancelled).json["code"] == "00"
    assert _post(app, cancelled).json["code"] == "02"
    payments, _, _, [event] = _state(app)
    assert payments[0][1] is PaymentState.FAILED and event.result == "replayed"


def test_what_the_caller_sent_is_kept_short_and_printable(app, order):
    fields = _result(order, "guessed-secret", reference="TT\x1b[31m\x07" + "9" * 500, transaction="\u202egw")
    assert _post(app, fields, caller="2001:db8::1").status_code == 400
    *_, [event] = _state(app)
    assert event.after["reference"] == "TT[31m" + "9" * 74
    assert event.after["transaction"] == "gw" and event.after["address"] == "2001:db8::1"


def test_a_flood_of_forged_callbacks_is_cut_off_and_so_are_its_events(app, order):
    forged = _result(order, "guessed-secret")
    answers = [_post(app, forged).status_code for _ in range(121)]
    assert answers == [400] * 120 + [429]
    assert len(_state(app)[3]) == 120
    assert _post(app, forged, caller="198.51.100.2").status_code == 400  # the limit is per caller
