"""Fees online (level 4): the order signed and sent to the gateway, its signed callback, the receipt; and the
clerk's record of fees paid at the counter and of refunds."""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.catalog.fees import fee_lines, online_amount, pays_online
from engine.errors import DomainError, InvalidData
from engine.models import Payment, PaymentMethod
from engine.payments import gateway as protocol
from engine.payments.callbacks import Refusal, receive_platform_result, receive_result
from engine.payments.national_platform import NationalPlatform, PlatformUnavailable
from engine.payments.service import (
    CallbackOutcome,
    Order,
    payments_of,
    record_counter_payment,
    refund,
    staff_dossier,
    start_online_payment,
)
from engine.text import parse_int
from webapp.applicant import applicant_required, attempt, my_dossier, status_of
from webapp.auth import csrf
from webapp.domain_errors import field_errors
from webapp.limits import limiter
from webapp.public_address import public_url_for
from webapp.staff import staff_required

bp = Blueprint("payments", __name__)

SANDBOX_URL = "/sandbox-gateway/pay"

# The answers to the gateway's callback (HTTP status, code, message), in the style of Vietnamese payment gateways.
ANSWERS = {
    CallbackOutcome.CONFIRMED: (200, "00", "Confirmed"),
    CallbackOutcome.FAILED: (200, "00", "Failure recorded"),
    Refusal.REPLAYED: (200, "02", "Order already confirmed"),
    Refusal.BAD_SIGNATURE: (400, "97", "Invalid signature"),
    Refusal.BAD_AMOUNT: (400, "04", "Invalid amount"),
    Refusal.UNKNOWN_ORDER: (404, "01", "Order not found"),
    Refusal.ORDER_MISMATCH: (400, "04", "Order does not match"),
    Refusal.AMOUNT_MISMATCH: (400, "04", "Invalid amount"),
}


def init_app(app: Flask) -> None:
    """The gateway's address, this merchant's code and the secret shared with the gateway (MOTCUA_PAYMENT_*).

    The built-in sandbox marks fees paid without taking money, so production never uses it: there, online payment
    is on only with a real gateway and the secret it issued, and start-up says so when it is off. With the national
    payment platform configured (MOTCUA_PAYMENT_PLATFORM_URL, _PARTNER, _KEY), orders go there instead."""
    production = app.extensions["motcua"].settings.is_production
    derived = hmac.new(app.config["SECRET_KEY"].encode(), b"payment-gateway", hashlib.sha256).hexdigest()
    sandbox = "" if production else SANDBOX_URL
    app.config.setdefault("PAYMENT_GATEWAY_URL", os.environ.get("MOTCUA_PAYMENT_GATEWAY_URL", sandbox))
    app.config.setdefault("PAYMENT_MERCHANT", os.environ.get("MOTCUA_PAYMENT_MERCHANT", "MOTCUA"))
    app.config.setdefault("PAYMENT_SECRET", os.environ.get("MOTCUA_PAYMENT_SECRET") or ("" if production else derived))
    gateway = app.config["PAYMENT_GATEWAY_URL"]
    real = gateway.startswith(("https://", "http://")) and bool(app.config["PAYMENT_SECRET"])
    platform = app.extensions["motcua"].settings.payment_platform
    if platform.url and platform.key and platform.partner:
        app.config.setdefault("PAYMENT_PLATFORM", NationalPlatform(platform))
    app.config["PAYMENT_ONLINE"] = real or (not production and bool(gateway)) or "PAYMENT_PLATFORM" in app.config
    if not app.config["PAYMENT_ONLINE"]:
        app.logger.warning(
            "Online payment is OFF: production needs a real payment gateway (MOTCUA_PAYMENT_GATEWAY_URL=https://...) "
            "and the secret it issued (MOTCUA_PAYMENT_SECRET); the sandbox runs only with MOTCUA_ENV=demo or "
            "development. Applicants are told to pay at the counter."
        )
    app.register_blueprint(bp)


@bp.route("/my/dossiers/<code>/pay", methods=["GET", "POST"])
@applicant_required
@limiter.limit("20 per minute", methods=["POST"])
def pay(code: str) -> ResponseReturnValue:
    """The fee before paying; posting sends the applicant to the gateway with a signed order (when one is on)."""
    rt = current_app.extensions["motcua"]
    online = current_app.config["PAYMENT_ONLINE"]
    if request.method == "POST" and not online:
        return redirect(url_for("payments.pay", code=code)), 303  # the page says why and where to pay instead
    if request.method == "POST":
        started = attempt(
            lambda: start_online_payment(rt, rt.unit_of_work(), dossier_code=code, actor_id=current_user.id)
        )
        if not started.done:
            flash(" ".join(started.errors.values()), "error")
            return redirect(url_for("payments.pay", code=code)), 303
        if "PAYMENT_PLATFORM" not in current_app.config:
            return redirect(_gateway_address(started.value)), 303
        try:
            return redirect(_platform_address(started.value)), 303
        except PlatformUnavailable as unavailable:
            current_app.logger.warning("payment platform: %s", unavailable)
            flash(_("Nền tảng thanh toán quốc gia chưa phản hồi. Vui lòng thử lại sau ít phút."), "error")
            return redirect(url_for("payments.pay", code=code)), 303
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        version = dossier.procedure_version
        return render_template(
            "portal/pay.html",
            dossier=dossier,
            fees=fee_lines(version),
            amount=online_amount(version) if pays_online(version) else None,
            payments=payments_of(uow.session, dossier),
            online=online,
            tz=rt.tz,
        )


def _gateway_address(order: Order) -> str:
    config = current_app.config
    params = {
        "merchant": config["PAYMENT_MERCHANT"],
        "reference": order.reference,
        "order": order.dossier_code,
        "amount": str(order.amount_vnd),
        "currency": "VND",
        "description": order.description,
        "return_url": public_url_for("payments.returned", code=order.dossier_code),
        "notify_url": public_url_for("payments.callback"),
    }
    return f"{config['PAYMENT_GATEWAY_URL']}?{urlencode(protocol.sign(params, config['PAYMENT_SECRET']))}"


def _platform_address(order: Order) -> str:
    """The national payment platform's page for this order, from its answer to the signed order."""
    platform: NationalPlatform = current_app.config["PAYMENT_PLATFORM"]
    return platform.start(
        reference=order.reference,
        amount_vnd=order.amount_vnd,
        description=order.description,
        dossier_code=order.dossier_code,
        at=order.created_at,
        ip=request.remote_addr or "",
        return_url=public_url_for("payments.pay", code=order.dossier_code),
    )


@bp.route("/payments/national-platform/callback", methods=["POST"])
@csrf.exempt
@limiter.limit("120 per minute")
def platform_callback() -> ResponseReturnValue:
    """The national payment platform's result (IPN): MaXacThuc, partner, order and amount checked, answered with a
    signed MaLoi (`00` applied or already applied, `99` refused); every refusal is audited as the sandbox's are."""
    platform: NationalPlatform | None = current_app.config.get("PAYMENT_PLATFORM")
    if platform is None:
        abort(404)
    message = request.get_json(silent=True)
    message = message if isinstance(message, dict) else {}
    outcome = receive_platform_result(
        current_app.extensions["motcua"], platform, message, caller=request.remote_addr or ""
    )
    status, _code, text = ANSWERS[outcome]
    applied = outcome in (CallbackOutcome.CONFIRMED, CallbackOutcome.FAILED, Refusal.REPLAYED)
    return jsonify(platform.answer("00" if applied else "99", text, message)), status


@bp.route("/payments/gateway-callback", methods=["POST"])
@csrf.exempt
@limiter.limit("120 per minute")
def callback() -> ResponseReturnValue:
    """The gateway's server-to-server result: signature, dossier and amount checked; a replay changes nothing, and
    every refusal is audited with the caller's address."""
    outcome = receive_result(
        current_app.extensions["motcua"],
        request.form.to_dict(),
        merchant=current_app.config["PAYMENT_MERCHANT"],
        secret=current_app.config["PAYMENT_SECRET"],
        caller=request.remote_addr or "",
    )
    status, code, message = ANSWERS[outcome]
    return jsonify(code=code, message=message), status


@bp.route("/my/dossiers/<code>/pay/return")
@applicant_required
def returned(code: str) -> ResponseReturnValue:
    """Back from the gateway: its signed result is checked and the payment shown as the callback left it."""
    rt = current_app.extensions["motcua"]
    result = protocol.verified(request.args.to_dict(), current_app.config["PAYMENT_SECRET"], protocol.RESULT_FIELDS)
    if result is None or result["order"] != code:
        abort(400)
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        payment = uow.session.scalar(
            select(Payment).where(Payment.reference == result["reference"], Payment.dossier_id == dossier.id)
        )
        if payment is None:
            abort(404)
        return render_template("portal/payment_returned.html", dossier=dossier, payment=payment, result=result)


@bp.route("/my/dossiers/<code>/payments/<reference>/receipt")
@applicant_required
def receipt(code: str, reference: str) -> ResponseReturnValue:
    """The receipt (biên lai) of a paid fee, as a printable page."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        payment = next((p for p in payments_of(uow.session, dossier) if p.reference == reference), None)
        if payment is None or payment.paid_at is None:
            abort(404)
        return render_template("portal/receipt.html", dossier=dossier, payment=payment, tz=rt.tz)


@bp.route("/staff/dossiers/<code>/payments", methods=["GET", "POST"])
@staff_required
def staff_payments(code: str) -> ResponseReturnValue:
    """The dossier's fees and payments; the reception clerk records a fee paid at the counter."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = request.form
        amount = parse_int(form.get("amount", "").replace(".", "").replace(",", ""))
        method = next((m for m in PaymentMethod if m.value == form.get("method", "cash")), None)
        try:
            if amount is None or method is None:
                raise InvalidData(
                    {"amount": _("Số tiền: nhập số đồng, ví dụ 50000.")}
                    if amount is None
                    else {"method": _("Hình thức nộp: chọn một hình thức trong danh sách.")}
                )
            reference = record_counter_payment(
                rt,
                rt.unit_of_work(),
                dossier_code=code,
                actor_id=current_user.id,
                amount_vnd=amount,
                note=form.get("note", ""),
                method=method,
                receipt_number=form.get("receipt_number", ""),
                paid_on=_day(form.get("paid_on", "")),
            )
        except InvalidData as invalid:
            errors, status = field_errors(invalid.errors), 400
        except DomainError as error:
            abort(status_of(error))
        else:
            flash(_("Đã ghi nhận khoản nộp tại quầy, số biên lai %(reference)s.", reference=reference), "info")
            return redirect(url_for("payments.staff_payments", code=code)), 303
    return _staff_page(code, errors, status)


@bp.route("/staff/dossiers/<code>/payments/<reference>/refund", methods=["POST"])
@staff_required
def staff_refund(code: str, reference: str) -> ResponseReturnValue:
    """The agency cannot perform the service: the clerk records the refund and its reason."""
    rt = current_app.extensions["motcua"]
    try:
        refund(
            rt, rt.unit_of_work(), reference=reference, actor_id=current_user.id, reason=request.form.get("reason", "")
        )
    except InvalidData as invalid:
        return _staff_page(code, {f"refund-{reference}": m for m in invalid.errors.values()}, 400)
    except DomainError as error:
        abort(status_of(error))
    flash(_("Đã ghi nhận hoàn trả khoản %(reference)s.", reference=reference), "info")
    return redirect(url_for("payments.staff_payments", code=code)), 303


def _day(text: str) -> date | None:
    """The slip's day as the form sends it (YYYY-MM-DD); unreadable or empty: none, which the service refuses."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _staff_page(code: str, errors: dict[str, str], status: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            dossier = staff_dossier(uow.session, code, current_user.id)
        except DomainError as error:
            abort(status_of(error))
        return render_template(
            "staff/payments.html",
            dossier=dossier,
            fees=fee_lines(dossier.procedure_version, dossier.channel),
            payments=payments_of(uow.session, dossier),
            errors=errors,
            form=request.form,
            methods=[m.value for m in PaymentMethod],
            tz=rt.tz,
        ), status
