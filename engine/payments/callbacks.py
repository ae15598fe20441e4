"""The gateway's server-to-server result (IPN): verified, applied once, and every refused call kept in the audit
trail with the caller's address, so that a forger, a replay or a misconfigured gateway leaves a trace."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from engine.audit import record_event
from engine.errors import InvalidData, NotFound
from engine.payments import gateway as protocol
from engine.payments.national_platform import NationalPlatform, Transaction
from engine.payments.service import CallbackOutcome, confirm_online_payment
from engine.runtime import Runtime
from engine.text import parse_int

CLAIM_LENGTH = 80  # what the trail keeps of each field the caller sent
PLATFORM_CLAIMS = ("MaDoiTac", "MaThamChieu", "SoTien", "MaGiaoDich", "MaLoi", "ThoiGianGD")


class Refusal(StrEnum):
    """Why a callback changed nothing (the event's `result`)."""

    BAD_SIGNATURE = "bad_signature"
    BAD_AMOUNT = "bad_amount"
    UNKNOWN_ORDER = "unknown_order"
    ORDER_MISMATCH = "order_mismatch"
    AMOUNT_MISMATCH = "amount_mismatch"
    REPLAYED = "replayed"


REASONS = {
    Refusal.BAD_SIGNATURE: "Chữ ký hoặc mã đơn vị không hợp lệ.",
    Refusal.BAD_AMOUNT: "Số tiền không phải là số hợp lệ.",
    Refusal.UNKNOWN_ORDER: "Không có giao dịch với mã này.",
    Refusal.ORDER_MISMATCH: "Mã hồ sơ không khớp với giao dịch.",
    Refusal.AMOUNT_MISMATCH: "Số tiền không khớp với giao dịch.",
    Refusal.REPLAYED: "Giao dịch đã có kết quả; kết quả gửi lại không thay đổi gì.",
}
CLAIMS = {*protocol.RESULT_FIELDS, *PLATFORM_CLAIMS}  # what the trail keeps of what a caller sent
MISMATCHES = {"order": Refusal.ORDER_MISMATCH, "amount": Refusal.AMOUNT_MISMATCH}


def receive_result(
    runtime: Runtime, params: Mapping[str, str], *, merchant: str, secret: str, caller: str
) -> CallbackOutcome | Refusal:
    """Apply the sandbox gateway's signed result to its order, or record why it was refused (and nothing else)."""
    result = protocol.verified(params, secret, protocol.RESULT_FIELDS)
    if result is None or result["merchant"] != merchant:
        return _refused(runtime, Refusal.BAD_SIGNATURE, params, caller)
    amount = parse_int(result["amount"])
    if amount is None:
        return _refused(runtime, Refusal.BAD_AMOUNT, params, caller)
    paid = Transaction(result["reference"], result["transaction"], amount, result["response_code"] == protocol.SUCCESS)
    return apply_result(runtime, paid, params, caller, dossier_code=result["order"])


def receive_platform_result(
    runtime: Runtime, platform: NationalPlatform, message: Mapping[str, Any], *, caller: str
) -> CallbackOutcome | Refusal:
    """Apply the national payment platform's result (IPN) when its MaXacThuc is right, else record the refusal."""
    claimed = {name: str(message.get(name, "")) for name in PLATFORM_CLAIMS if name in message}
    paid = platform.verified_result(message)
    if paid is None:
        return _refused(runtime, Refusal.BAD_SIGNATURE, claimed, caller)
    return apply_result(runtime, paid, claimed, caller)


def apply_result(
    runtime: Runtime, paid: Transaction, claimed: Mapping[str, str], caller: str, *, dossier_code: str | None = None
) -> CallbackOutcome | Refusal:
    """A verified result applied once to its order; an unknown order, a mismatch or a replay is only recorded."""
    try:
        outcome = confirm_online_payment(
            runtime,
            runtime.unit_of_work(),
            reference=paid.reference,
            dossier_code=dossier_code,
            amount_vnd=paid.amount_vnd,
            transaction=paid.transaction,
            succeeded=paid.succeeded,
        )
    except NotFound:
        return _refused(runtime, Refusal.UNKNOWN_ORDER, claimed, caller)
    except InvalidData as invalid:
        return _refused(runtime, MISMATCHES[next(iter(invalid.errors))], claimed, caller)
    if outcome is CallbackOutcome.ALREADY_CONFIRMED:
        return _refused(runtime, Refusal.REPLAYED, claimed, caller)
    return outcome


def _refused(runtime: Runtime, refusal: Refusal, params: Mapping[str, str], caller: str) -> Refusal:
    """One `payment_callback_refused` event: the reason, the caller's address and what it claimed, cut short."""
    claimed = {name: _printable(value) for name, value in params.items() if name in CLAIMS}
    with runtime.unit_of_work() as uow:
        record_event(
            uow.session,
            "payment_callback_refused",
            runtime.clock.now(),
            result=refusal.value,
            reason=REASONS[refusal],
            after={"address": _printable(caller), **claimed},
        )
        uow.commit()
    return refusal


def _printable(value: str) -> str:
    """Without control or direction characters (they would garble the log when read), at most CLAIM_LENGTH long."""
    return "".join(ch for ch in str(value)[: CLAIM_LENGTH * 4] if ch.isprintable())[:CLAIM_LENGTH]
