"""Đối soát: the platform's day against the payments recorded here finds a missing payment, an amount difference and
a payment the platform does not know; a clean day finds nothing; a rerun adds nothing; the finance officer resolves."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidData, NotAllowed, NotFound
from engine.models import (
    Agency,
    Channel,
    Event,
    Payment,
    PaymentDifference,
    PaymentState,
    Role,
    RoleAssignment,
    User,
)
from engine.payments.national_platform import Transaction
from engine.payments.reconciliation import open_differences, reconcile_day, reconcile_yesterday, resolve_difference
from engine.settings import Settings
from tests.integration.factories import demo_dossier

DAY = date(2026, 11, 23)
MORNING = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam


@pytest.fixture
def settings(settings, payment_platform) -> Settings:
    return replace(settings, payment_platform=payment_platform.settings)


@pytest.fixture
def recorded(runtime) -> dict[str, int]:
    """Three online payments paid on the day and one still pending, on one dossier; their ids by reference."""
    rows = [
        ("TT1", 100_000, PaymentState.PAID),
        ("TT2", 50_000, PaymentState.PAID),
        ("TT3", 20_000, PaymentState.PENDING),
    ]
    with runtime.unit_of_work() as uow:
        dossier = demo_dossier(uow.session, MORNING)
        payments = [
            Payment(
                dossier=dossier,
                reference=reference,
                amount_vnd=amount,
                channel=Channel.ONLINE,
                state=state,
                created_at=MORNING,
                paid_at=MORNING + timedelta(minutes=5) if state is PaymentState.PAID else None,
            )
            for reference, amount, state in rows
        ]
        uow.session.add_all(payments)
        uow.commit()
        return {p.reference: p.id for p in payments}


def _paid(reference: str, amount: int, succeeded: bool = True) -> Transaction:
    return Transaction(reference, f"PG-{reference}", amount, succeeded, MORNING + timedelta(minutes=5))


def _differences(runtime) -> list[tuple[str, str, int | None, int | None]]:
    with runtime.unit_of_work() as uow:
        return sorted(
            (d.kind.value, d.reference, d.recorded_amount_vnd, d.gateway_amount_vnd)
            for d in uow.session.scalars(select(PaymentDifference).where(PaymentDifference.resolved_at.is_(None)))
        )


def test_a_clean_day_finds_nothing(runtime, payment_platform, recorded):
    payment_platform.days[DAY] = [_paid("TT1", 100_000), _paid("TT2", 50_000), _paid("TT3", 20_000, succeeded=False)]
    found = reconcile_day(runtime, DAY)
    assert (found.gateway_transactions, found.recorded_payments, found.differences, found.error) == (3, 2, 0, "")
    assert _differences(runtime) == []
    assert payment_platform.problems == []


def test_a_payment_missing_here_an_amount_difference_and_one_missing_there(runtime, payment_platform, recorded):
    payment_platform.days[DAY] = [
        _paid("TT1", 90_000),  # the amount differs
        _paid("TT3", 20_000),  # paid there, the callback never came: still pending here
        _paid("TT9", 30_000),  # an order this system never made
    ]  # TT2, paid here, is missing there
    found = reconcile_day(runtime, DAY)
    assert (found.differences, found.new_differences) == (4, 4)
    assert _differences(runtime) == [
        ("amount_differs", "TT1", 100_000, 90_000),
        ("missing_here", "TT3", 20_000, 20_000),
        ("missing_here", "TT9", None, 30_000),
        ("missing_there", "TT2", 50_000, None),
    ]
    again = reconcile_day(runtime, DAY)
    assert (again.differences, again.new_differences) == (4, 0)
    with runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PaymentDifference)) == 4
        events = uow.session.scalars(select(Event).where(Event.action == "payments_reconciled")).all()
        assert [e.result for e in events] == ["differences", "differences"]


def test_the_scheduler_job_reconciles_yesterday_and_an_unreachable_platform_is_an_error(
    runtime, payment_platform, clock
):
    payment_platform.days[DAY] = [_paid("TT9", 30_000)]
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))  # 01:00 on the 24th in Vietnam
    assert reconcile_yesterday(runtime).day == DAY
    assert _differences(runtime) == [("missing_here", "TT9", None, 30_000)]
    payment_platform.failing = 1
    assert "503" in reconcile_day(runtime, DAY).error


def test_the_finance_officer_resolves_with_a_note(demo, runtime, payment_platform):
    payment_platform.days[DAY] = [_paid("TT9", 30_000)]
    reconcile_day(runtime, DAY)
    with runtime.unit_of_work() as uow:
        difference = uow.session.scalar(select(PaymentDifference.id))
        clerk = uow.session.scalar(select(User.id).where(User.username == "motcua.anhoa"))
        officer_id = uow.session.scalar(select(User.id).where(User.username == "ketoan.ttpv"))
    with pytest.raises(NotAllowed):
        resolve_difference(runtime, runtime.unit_of_work(), difference_id=difference, actor_id=clerk, note="Đã xem")
    with pytest.raises(InvalidData):
        resolve_difference(runtime, runtime.unit_of_work(), difference_id=difference, actor_id=officer_id, note=" ab ")
    resolve_difference(
        runtime, runtime.unit_of_work(), difference_id=difference, actor_id=officer_id, note="Hoàn tiền qua ngân hàng"
    )
    with pytest.raises(InvalidData):
        resolve_difference(
            runtime, runtime.unit_of_work(), difference_id=difference, actor_id=officer_id, note="Lần nữa"
        )
    with runtime.unit_of_work() as uow:
        assert open_differences(uow.session, uow.session.get(User, officer_id)) == []
        event = uow.session.scalar(select(Event).where(Event.action == "payment_difference_resolved"))
        assert (event.actor_id, event.result, event.reason) == (officer_id, "missing_here", "Hoàn tiền qua ngân hàng")


def _grant(runtime, username: str, role: Role, agency_code: str) -> int:
    with runtime.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        agency_id = uow.session.scalar(select(Agency.id).where(Agency.code == agency_code))
        uow.session.add(RoleAssignment(user_id=user.id, role=role, agency_id=agency_id))
        uow.commit()
        return user.id


def _seen(runtime, user_id: int) -> list[str]:
    with runtime.unit_of_work() as uow:
        return sorted(d.reference for d in open_differences(uow.session, uow.session.get(User, user_id)))


def test_a_finance_officer_sees_the_differences_of_their_agencies_only(runtime, payment_platform, recorded):
    payment_platform.days[DAY] = [_paid("TT1", 90_000), _paid("TT9", 30_000)]  # TT1 is the ward's dossier's
    reconcile_day(runtime, DAY)
    centre = _grant(runtime, "ketoan.ttpv", Role.FINANCE_OFFICER, "000.00.01.H99")
    ward = _grant(runtime, "motcua.anhoa", Role.FINANCE_OFFICER, "000.01.10.H99")
    province = _grant(runtime, "giamsat", Role.FINANCE_OFFICER, "000.00.00.H99")
    assert _seen(runtime, centre) == ["TT9"]  # TT2, missing at the gateway, is the ward's too
    assert _seen(runtime, ward) == ["TT1", "TT2", "TT9"]  # the ward's payments, and what no payment explains
    assert _seen(runtime, province) == ["TT1", "TT2", "TT9"]  # a supervisor at province level sees every one
    with runtime.unit_of_work() as uow:
        theirs = uow.session.scalar(select(PaymentDifference.id).where(PaymentDifference.reference == "TT1"))
    with pytest.raises(NotFound):
        resolve_difference(
            runtime, runtime.unit_of_work(), difference_id=theirs, actor_id=centre, note="Không phải của tôi"
        )
    resolve_difference(
        runtime, runtime.unit_of_work(), difference_id=theirs, actor_id=ward, note="Đã đối chiếu ngân hàng"
    )
