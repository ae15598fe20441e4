"""Daily reconciliation (đối soát): the gateway's transactions of a day against the payments recorded here; every
difference is kept for the finance officer, who resolves it with a note."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotAllowed, NotFound
from engine.models import (
    AgencyTier,
    Channel,
    DifferenceKind,
    Dossier,
    Payment,
    PaymentDifference,
    PaymentState,
    Role,
    User,
)
from engine.payments.national_platform import NationalPlatform, PlatformUnavailable, Transaction
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

TAKEN = (PaymentState.PAID, PaymentState.REFUNDED)  # money was received (a refund goes back separately)


@dataclass(frozen=True)
class Reconciliation:
    """What one run compared and found; `error` says why the gateway could not be asked."""

    day: date
    gateway_transactions: int = 0
    recorded_payments: int = 0
    differences: int = 0
    new_differences: int = 0
    error: str = ""


def reconcile_day(runtime: Runtime, day: date) -> Reconciliation:
    """Ask the national payment platform for the day's transactions and compare; nothing to do without one."""
    settings = runtime.settings.payment_platform
    if not settings.url:
        return Reconciliation(day, error="no payment platform configured (MOTCUA_PAYMENT_PLATFORM_URL)")
    try:
        transactions = NationalPlatform(settings).transactions_on(day)
    except PlatformUnavailable as unavailable:
        return Reconciliation(day, error=str(unavailable))
    return compare_day(runtime, day, transactions)


def reconcile_yesterday(runtime: Runtime) -> Reconciliation | None:
    """The scheduler's daily job: yesterday in the installation's calendar (a rerun adds only what is new)."""
    if not runtime.settings.payment_platform.url:
        return None
    return reconcile_day(runtime, runtime.clock.now().astimezone(runtime.tz).date() - timedelta(days=1))


def compare_day(runtime: Runtime, day: date, transactions: Iterable[Transaction]) -> Reconciliation:
    """Store each difference between the gateway's day and the online payments recorded as taken on that day."""
    transactions = list(transactions)
    at = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        session = uow.session
        references = {t.reference for t in transactions}
        known = {
            p.reference: p for p in session.scalars(select(Payment).where(Payment.reference.in_(references or {""})))
        }
        recorded = _taken_online_on(session, day, runtime)
        found = [_difference(t, known.get(t.reference)) for t in transactions]
        found += [_missing_there(p) for p in recorded if p.reference not in references]
        found = [d for d in found if d is not None]
        query = select(PaymentDifference.kind, PaymentDifference.reference).where(PaymentDifference.day == day)
        stored = {(kind, reference) for kind, reference in session.execute(query)}
        new = [d for d in found if (d.kind, d.reference) not in stored]
        for difference in new:
            difference.day, difference.found_at = day, at
            session.add(difference)
        summary = Reconciliation(day, len(transactions), len(recorded), len(found), len(new))
        record_event(
            session,
            "payments_reconciled",
            at,
            result="differences" if found else "clean",
            after={"day": day.isoformat(), **{k: v for k, v in vars(summary).items() if isinstance(v, int)}},
        )
        uow.commit()
    return summary


def _taken_online_on(session: Session, day: date, runtime: Runtime) -> list[Payment]:
    start = datetime.combine(day, time(0), runtime.tz).astimezone(UTC)
    return list(
        session.scalars(
            select(Payment).where(
                Payment.channel == Channel.ONLINE,
                Payment.state.in_(TAKEN),
                Payment.paid_at >= start,
                Payment.paid_at < start + timedelta(days=1),
            )
        )
    )


def _difference(paid: Transaction, payment: Payment | None) -> PaymentDifference | None:
    """What one gateway transaction disagrees on, if anything: money taken there and not here, the amount, the state."""
    there = {
        "reference": paid.reference,
        "gateway_transaction": paid.transaction,
        "gateway_amount_vnd": paid.amount_vnd,
        "gateway_state": "paid" if paid.succeeded else "failed",
    }
    if payment is None:
        return PaymentDifference(kind=DifferenceKind.MISSING_HERE, **there) if paid.succeeded else None
    here = {"payment": payment, "recorded_amount_vnd": payment.amount_vnd, "recorded_state": payment.state.value}
    if paid.succeeded and payment.amount_vnd != paid.amount_vnd:
        return PaymentDifference(kind=DifferenceKind.AMOUNT_DIFFERS, **there, **here)
    if paid.succeeded and payment.state not in TAKEN:
        return PaymentDifference(kind=DifferenceKind.MISSING_HERE, **there, **here)
    if not paid.succeeded and payment.state in TAKEN:
        return PaymentDifference(kind=DifferenceKind.STATE_DIFFERS, **there, **here)
    return None


def _missing_there(payment: Payment) -> PaymentDifference:
    return PaymentDifference(
        kind=DifferenceKind.MISSING_THERE,
        reference=payment.reference,
        payment=payment,
        gateway_transaction=payment.gateway_reference,
        recorded_amount_vnd=payment.amount_vnd,
        recorded_state=payment.state.value,
    )


def open_differences(session: Session, officer: User, *, resolved: bool = False) -> list[PaymentDifference]:
    """The differences still to look into (or those resolved) that this finance officer sees, newest day first."""
    done = PaymentDifference.resolved_at.is_not(None) if resolved else PaymentDifference.resolved_at.is_(None)
    query = _seen_by(select(PaymentDifference).where(done), officer)
    return list(session.scalars(query.order_by(PaymentDifference.day.desc(), PaymentDifference.id)))


def _seen_by(query: Select, officer: User) -> Select:
    """A finance officer sees the differences of the dossiers their agencies received or resolve, and those no
    payment recorded here explains (money the gateway took for no order of ours: no agency to send them to); one
    who is also a supervisor at province level sees every difference."""
    if any(a.role is Role.SUPERVISOR and a.agency.tier is AgencyTier.PROVINCE for a in officer.roles):
        return query
    agencies = {a.agency_id for a in officer.roles if a.role is Role.FINANCE_OFFICER}
    theirs = (
        select(Payment.id)
        .join(Dossier, Payment.dossier_id == Dossier.id)
        .where(or_(Dossier.receiving_unit_id.in_(agencies), Dossier.resolving_agency_id.in_(agencies)))
    )
    return query.where(or_(PaymentDifference.payment_id.is_(None), PaymentDifference.payment_id.in_(theirs)))


def require_finance_officer(user: User | None) -> User:
    if user is None or not user.is_active or not any(a.role is Role.FINANCE_OFFICER for a in user.roles):
        raise NotAllowed(action=N_("đối soát thanh toán"))
    return user


def resolve_difference(runtime: Runtime, uow: UnitOfWork, *, difference_id: int, actor_id: int, note: str) -> None:
    """The finance officer closes a difference with what was done about it (audited)."""
    with uow:
        session = uow.session
        actor = require_finance_officer(session.get(User, actor_id))
        difference = session.scalar(
            _seen_by(select(PaymentDifference), actor).where(PaymentDifference.id == difference_id)
        )
        if difference is None:
            raise NotFound(what=N_("chênh lệch đối soát"))
        note = nfc(note.strip())
        if len(note) < 5:
            raise InvalidData({"note": N_("Ghi chú xử lý: bắt buộc nhập (tối thiểu 5 ký tự).")})
        if difference.resolved_at is not None:
            raise InvalidData({"note": N_("Chênh lệch này đã được xử lý.")})
        at = runtime.clock.now()
        difference.resolved_at, difference.resolved_by_id, difference.resolution_note = at, actor.id, note[:2000]
        record_event(
            session,
            "payment_difference_resolved",
            at,
            actor=actor,
            actor_role=Role.FINANCE_OFFICER.value,
            dossier=difference.payment.dossier if difference.payment else None,
            result=difference.kind.value,
            reason=note[:2000],
            after={"reference": difference.reference, "day": difference.day.isoformat()},
        )
        uow.commit()
