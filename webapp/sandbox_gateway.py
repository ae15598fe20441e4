"""A sandbox payment gateway that behaves like an external one: it checks the merchant's signed order, lets the
payer pay or cancel, calls the merchant back server to server with a signed result, then sends the payer back.

It shares nothing with the rest of the app but the secret each merchant was issued (SANDBOX_GATEWAY_MERCHANTS,
by default this app's own merchant code and secret). It marks fees paid without taking money, so it is served only
with MOTCUA_ENV=demo or development; in production its pages do not exist (404).
"""

from __future__ import annotations

import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue

from engine.payments import gateway as protocol
from engine.text import parse_int

bp = Blueprint("sandbox_gateway", __name__, url_prefix="/sandbox-gateway")

Notify = Callable[[str, dict[str, str]], int]  # (url, form fields) -> HTTP status of the merchant's answer


def init_app(app: Flask) -> None:
    """Serve the sandbox only in a demo or development, while payments go to it (a real gateway turns it off)."""
    if app.extensions["motcua"].settings.is_production:
        return
    if not app.config["PAYMENT_GATEWAY_URL"].startswith(bp.url_prefix or ""):
        return
    app.config.setdefault("SANDBOX_GATEWAY_MERCHANTS", {app.config["PAYMENT_MERCHANT"]: app.config["PAYMENT_SECRET"]})
    app.config.setdefault("SANDBOX_GATEWAY_NOTIFY", post_form)
    app.register_blueprint(bp)


def post_form(url: str, fields: dict[str, str]) -> int:
    """POST the fields to the merchant over HTTP; the status of its answer, 0 when it cannot be reached."""
    data = urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, TimeoutError):
        return 0


def _order(params: dict[str, str]) -> dict[str, str]:
    """The merchant's order, when its signature holds under that merchant's secret."""
    secret = current_app.config["SANDBOX_GATEWAY_MERCHANTS"].get(params.get("merchant", ""), "")
    order = protocol.verified(params, secret, protocol.ORDER_FIELDS)
    if (
        order is None
        or parse_int(order["amount"]) is None
        or not order["return_url"].startswith(("http://", "https://"))
    ):
        abort(400)
    return order


@bp.route("/pay", methods=["GET"])
def checkout() -> ResponseReturnValue:
    order = _order(request.args.to_dict())
    return render_template("sandbox/pay.html", order=order, signature=request.args["signature"])


@bp.route("/pay", methods=["POST"])
def decide() -> ResponseReturnValue:
    """The payer paid or cancelled: tell the merchant (signed), then send the payer back to it (signed)."""
    fields = {name: request.form.get(name, "") for name in (*protocol.ORDER_FIELDS, protocol.SIGNATURE)}
    order = _order(fields)
    paid = request.form.get("decision") == "pay"
    result = {
        "merchant": order["merchant"],
        "reference": order["reference"],
        "order": order["order"],
        "amount": order["amount"],
        "currency": order["currency"],
        "transaction": f"SBX{secrets.token_hex(6).upper()}",
        "response_code": protocol.SUCCESS if paid else protocol.CANCELLED,
        "paid_at": current_app.extensions["motcua"].clock.now().strftime("%Y%m%d%H%M%S"),
    }
    signed = protocol.sign(result, current_app.config["SANDBOX_GATEWAY_MERCHANTS"][order["merchant"]])
    status = current_app.config["SANDBOX_GATEWAY_NOTIFY"](order["notify_url"], signed)
    if status != 200:
        current_app.logger.warning(
            "sandbox gateway: merchant answered %s to the callback of %s", status, order["reference"]
        )
    return redirect(f"{order['return_url']}?{urlencode(signed)}"), 303
