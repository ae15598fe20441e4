"""Share paid online and satisfaction (Decision 766) count the scope's payments and ratings of the period."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from engine.models import Channel, Dossier, Payment, PaymentState, Rating, Satisfaction, User
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from tests.integration.reports.conftest import agency_id
from tests.known_dossiers import AN_HOA, JUSTICE

OCTOBER = Period.of(PeriodKind.MONTH, 2026, 10)
IN_OCTOBER, IN_NOVEMBER = datetime(2026, 10, 20, 3, tzinfo=UTC), datetime(2026, 11, 2, 3, tzinfo=UTC)


def _dossiers(session, unit: str) -> list[int]:
    return list(
        session.scalars(
            select(Dossier.id)
            .where(Dossier.receiving_unit_id == agency_id(session, unit), Dossier.received_at.is_not(None))
            .order_by(Dossier.id)
        )
    )


def _pay(session, dossier_id: int, n: int, channel: Channel, state: PaymentState, at: datetime) -> None:
    session.add(
        Payment(
            dossier_id=dossier_id,
            reference=f"BL-{n:04d}",
            amount_vnd=8000,
            channel=channel,
            state=state,
            created_at=at,
            paid_at=at if state is not PaymentState.PENDING else None,
        )
    )


def _rate(session, dossier_id: int, applicant: int, overall: Satisfaction, at: datetime) -> None:
    scores = dict.fromkeys(
        ("total_time", "unit_time", "contacts", "bodies", "one_stop", "published", "conduct", "feedback"), 2
    )
    session.add(
        Rating(
            dossier_id=dossier_id,
            applicant_id=applicant,
            **scores,
            online_progress=2,
            ease=Satisfaction.SATISFIED,
            overall=overall,
            created_at=at,
        )
    )


def test_only_the_scopes_payments_and_ratings_of_the_period_count(known, calendar, clock):
    ward, other = _dossiers(known, AN_HOA), _dossiers(known, JUSTICE)
    applicant = known.scalar(select(User.id).where(User.username == "nguyenvanan"))
    _pay(known, ward[0], 1, Channel.ONLINE, PaymentState.PAID, IN_OCTOBER)
    _pay(known, ward[1], 2, Channel.ONLINE, PaymentState.REFUNDED, IN_OCTOBER)  # paid, then given back
    _pay(known, ward[2], 3, Channel.COUNTER, PaymentState.PAID, IN_OCTOBER)
    _pay(known, ward[3], 4, Channel.ONLINE, PaymentState.PENDING, IN_OCTOBER)  # never paid
    _pay(known, ward[4], 5, Channel.COUNTER, PaymentState.PAID, IN_NOVEMBER)  # another period
    _pay(known, other[0], 6, Channel.COUNTER, PaymentState.PAID, IN_OCTOBER)  # another unit
    _rate(known, ward[0], applicant, Satisfaction.VERY_SATISFIED, IN_OCTOBER)
    _rate(known, ward[1], applicant, Satisfaction.SATISFIED, IN_OCTOBER)
    _rate(known, ward[2], applicant, Satisfaction.NOT_SATISFIED, IN_OCTOBER)
    _rate(known, ward[3], applicant, Satisfaction.NOT_SATISFIED, IN_NOVEMBER)
    known.flush()
    report = build_report(known, ReportScope(OCTOBER, agency_id=agency_id(known, AN_HOA)), calendar, clock.now())
    assert report.paid_online_share == 2 / 3
    assert report.satisfaction == 2 / 3


def test_a_period_without_payments_or_ratings_has_nothing_to_show(known, calendar, clock):
    report = build_report(known, ReportScope(OCTOBER), calendar, clock.now())
    assert (report.paid_online_share, report.satisfaction) == (None, None)
