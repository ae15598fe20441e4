"""Fees of a dossier: paid online through the gateway (level 4) or at the counter, and refunded with a reason."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.catalog.fees import fee_lines, online_amount, pays_online
from engine.dossiers.applicant_view import own_dossier
from engine.errors import N_, InvalidData, NotAllowed, NotFound, Phrase
from engine.models import Channel, Dossier, DossierStatus, Payment, PaymentMethod, PaymentState, Role, User
from engine.notices.compose import queue_notice
from engine.people.permissions import require_role
from engine.runtime import Runtime
from engine.text import nfc, vnd
from engine.uow import UnitOfWork

CLOSED = {DossierStatus.NOT_RECEIVED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED}


class CallbackOutcome(StrEnum):
    """What a verified gateway result did: paid the order, recorded its failure, or nothing (it already had one)."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    FAILED = "failed"


@dataclass(frozen=True)
class Order:
    """What the gateway is asked to collect."""

    reference: str
    dossier_code: str
    amount_vnd: int
    description: str
    created_at: datetime


def payments_of(session: Session, dossier: Dossier) -> list[Payment]:
    return list(session.scalars(select(Payment).where(Payment.dossier_id == dossier.id).order_by(Payment.id)))


def is_paid(session: Session, dossier: Dossier) -> bool:
    return any(p.state is PaymentState.PAID for p in payments_of(session, dossier))


def _new_payment(runtime: Runtime, dossier: Dossier, amount: int, channel: Channel, state: PaymentState) -> Payment:
    """A payment with an order number no one can guess: the day and ten random hex digits."""
    at = runtime.clock.now()
    reference = f"TT{at.strftime('%y%m%d')}{secrets.token_hex(5).upper()}"
    return Payment(dossier=dossier, reference=reference, amount_vnd=amount, channel=channel, state=state, created_at=at)


def start_online_payment(runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, actor_id: int) -> Order:
    """The order for the dossier's online fee: the pending one if there is one, else a new one."""
    with uow:
        session = uow.session
        dossier = own_dossier(session, dossier_code, actor_id, "nộp phí cho hồ sơ này")
        version = dossier.procedure_version
        amount = online_amount(version)
        if not pays_online(version) or not amount:
            raise InvalidData({"payment": "Thanh toán trực tuyến: hồ sơ này không có khoản phí nộp trực tuyến."})
        if dossier.status in CLOSED:
            raise InvalidData({"payment": "Thanh toán trực tuyến: hồ sơ đã kết thúc."})
        payments = payments_of(session, dossier)
        if any(p.state is PaymentState.PAID for p in payments):
            raise InvalidData({"payment": "Thanh toán trực tuyến: hồ sơ đã được thanh toán."})
        at = runtime.clock.now()
        payment = next((p for p in payments if p.state is PaymentState.PENDING and p.amount_vnd == amount), None)
        if payment is None:
            payment = _new_payment(runtime, dossier, amount, Channel.ONLINE, PaymentState.PENDING)
            session.add(payment)
            record_event(session, "payment_started", at, actor=session.get(User, actor_id), dossier=dossier)
        uow.commit()
        return Order(payment.reference, dossier.code, amount, f"Phí, lệ phí hồ sơ {dossier.code}", payment.created_at)


def confirm_online_payment(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    reference: str,
    dossier_code: str | None,
    amount_vnd: int,
    transaction: str,
    succeeded: bool,
) -> CallbackOutcome:
    """The gateway's verified result: the order must match (dossier where the gateway names it, amount); a repeated
    result changes nothing."""
    with uow:
        session = uow.session
        payment = session.scalar(select(Payment).where(Payment.reference == reference))
        if payment is None:
            raise NotFound(what=f"giao dịch {reference}")
        if dossier_code is not None and payment.dossier.code != dossier_code:
            raise InvalidData({"order": "Mã hồ sơ không khớp với giao dịch."})
        if payment.amount_vnd != amount_vnd:
            raise InvalidData({"amount": "Số tiền không khớp với giao dịch."})
        if payment.state is not PaymentState.PENDING:
            return CallbackOutcome.ALREADY_CONFIRMED
        at = runtime.clock.now()
        payment.gateway_reference = transaction[:80]
        if not succeeded:
            payment.state = PaymentState.FAILED
            record_event(session, "payment_failed", at, dossier=payment.dossier, result="gateway")
            uow.commit()
            return CallbackOutcome.FAILED
        payment.state = PaymentState.PAID
        payment.paid_at = at
        record_event(
            session, "payment_received", at, dossier=payment.dossier, result="gateway", after=_summary(payment)
        )
        _notify(session, payment, "payment_received", at)
        uow.commit()
        return CallbackOutcome.CONFIRMED


def record_counter_payment(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    dossier_code: str,
    actor_id: int,
    amount_vnd: int,
    note: str = "",
    method: PaymentMethod = PaymentMethod.CASH,
    receipt_number: str = "",
    paid_on: date | None = None,
) -> str:
    """A reception clerk records the fee paid in cash or by card at the counter, or by bank transfer or at the post
    office with the slip's number and day; returns the receipt reference."""
    with uow:
        session = uow.session
        dossier, actor = _dossier(session, dossier_code), session.get(User, actor_id)
        require_role(actor, (Role.RECEPTION_CLERK,), dossier.receiving_unit_id, "ghi nhận phí nộp tại bộ phận một cửa")
        at = runtime.clock.now()
        today, receipt_number = at.astimezone(runtime.tz).date(), nfc(receipt_number.strip())
        errors = _slip_errors(session, dossier, method, receipt_number, paid_on, today)
        if amount_vnd <= 0:
            errors["amount"] = N_("Số tiền: phải lớn hơn 0.")
        elif method is not PaymentMethod.CASH and (due := counter_amounts(dossier)) and amount_vnd not in due:
            errors["amount"] = Phrase.of(
                N_("Số tiền: {amount} đồng không khớp phí, lệ phí của hồ sơ ({due} đồng)."),
                amount=vnd(amount_vnd),
                due=", ".join(vnd(a) for a in sorted(due)),
            )
        if errors:
            raise InvalidData(errors)
        payment = _new_payment(runtime, dossier, amount_vnd, Channel.COUNTER, PaymentState.PAID)
        payment.note, payment.paid_at, payment.recorded_by_id = nfc(note.strip())[:2000], at, actor.id
        payment.method, payment.receipt_number = method, receipt_number or None
        payment.paid_on = paid_on or today
        session.add(payment)
        record_event(session, "payment_received", at, actor=actor, dossier=dossier, after=_summary(payment))
        _notify(session, payment, "payment_received", at)
        uow.commit()
        return payment.reference


def _slip_errors(
    session: Session, dossier: Dossier, method: PaymentMethod, number: str, paid_on: date | None, today: date
) -> dict[str, str]:
    """A bank transfer or a post office payment needs the slip's number, once per method, and a day not to come."""
    if method is PaymentMethod.CASH:
        return {}
    errors: dict[str, str] = {}
    if not number:
        errors["receipt_number"] = N_("Số biên lai, số giao dịch: bắt buộc nhập.")
    elif len(number) > 80:
        errors["receipt_number"] = N_("Số biên lai, số giao dịch: tối đa 80 ký tự.")
    elif session.scalar(select(Payment.id).where(Payment.method == method, Payment.receipt_number == number)):
        errors["receipt_number"] = Phrase.of(
            N_("Số biên lai, số giao dịch: {number} đã được ghi nhận cho hình thức nộp này."), number=number
        )
    if paid_on is None:
        errors["paid_on"] = N_("Ngày nộp: bắt buộc, nhập một ngày hợp lệ.")
    elif paid_on > today:
        errors["paid_on"] = N_("Ngày nộp: không được sau ngày hôm nay.")
    return errors


def counter_amounts(dossier: Dossier) -> set[int]:
    """What a dossier paid off the gateway may cost: one of its channel's fee lines (cases) or all of them; none
    known where the province sets a line's amount."""
    lines = [fee.amount_vnd for fee in fee_lines(dossier.procedure_version, dossier.channel)]
    if not lines or None in lines:
        return set()
    return {amount for amount in lines if amount} | {sum(amount or 0 for amount in lines)}


def refund(runtime: Runtime, uow: UnitOfWork, *, reference: str, actor_id: int, reason: str) -> None:
    """The agency cannot perform the service after payment: the fee goes back, with the reason recorded."""
    with uow:
        session = uow.session
        payment = session.scalar(select(Payment).where(Payment.reference == reference))
        if payment is None:
            raise NotFound(what=f"giao dịch {reference}")
        actor, dossier = session.get(User, actor_id), payment.dossier
        if not any(
            (a.role is Role.RECEPTION_CLERK and a.agency_id == dossier.receiving_unit_id)
            or (a.role is Role.AGENCY_LEADER and a.agency_id == dossier.resolving_agency_id)
            for a in actor.roles
        ):
            raise NotAllowed(action="hoàn trả phí, lệ phí của hồ sơ này")
        reason = nfc(reason.strip())
        if len(reason) < 5:
            raise InvalidData({"reason": "Lý do hoàn trả: bắt buộc nhập (tối thiểu 5 ký tự)."})
        if payment.state is not PaymentState.PAID:
            raise InvalidData({"reason": "Hoàn trả: chỉ hoàn trả khoản đã thanh toán."})
        at = runtime.clock.now()
        payment.state = PaymentState.REFUNDED
        payment.refunded_at = at
        payment.refunded_by_id = actor.id
        payment.refund_reason = reason[:2000]
        record_event(
            session, "payment_refunded", at, actor=actor, dossier=dossier, reason=reason, after=_summary(payment)
        )
        _notify(session, payment, "payment_refunded", at, reason=reason)
        uow.commit()


def _dossier(session: Session, code: str) -> Dossier:
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        raise NotFound(what=f"hồ sơ {code}")
    return dossier


def _summary(payment: Payment) -> dict[str, str | int]:
    summary: dict[str, str | int] = {
        "reference": payment.reference,
        "amount_vnd": payment.amount_vnd,
        "channel": payment.channel.value,
    }
    if payment.receipt_number:
        summary |= {"method": payment.method.value, "receipt_number": payment.receipt_number}
    return summary


def _notify(session: Session, payment: Payment, kind: str, at: datetime, **details: str) -> None:
    dossier = payment.dossier
    notice = queue_notice(
        dossier,
        kind,
        dossier.applicant_email,
        at,
        amount=vnd(payment.amount_vnd),
        reference=payment.reference,
        **details,
    )
    if notice is not None:
        notice.dedup_key += f":{payment.reference}"
        session.add(notice)


def staff_dossier(session: Session, code: str, user_id: int) -> Dossier:
    """The dossier, for staff of its receiving unit or of its resolving agency."""
    dossier, user = _dossier(session, code), session.get(User, user_id)
    if user is None or not any(
        a.agency_id in (dossier.receiving_unit_id, dossier.resolving_agency_id) for a in user.roles
    ):
        raise NotAllowed(action="xem phí, lệ phí của hồ sơ này")
    return dossier
