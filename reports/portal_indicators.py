"""The Decision 766/QĐ-TTg indicators that come from the applicant portal: share paid online, satisfaction.

Both count only the dossiers of the report's scope; both are None (shown as "not available") when the period
has no payment, or no rating, to count.
"""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from engine.models import Channel, Dossier, Payment, PaymentState, Rating, Satisfaction
from reports.measures import Window, scoped
from reports.scope import ReportScope

SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


def paid_online_share(session: Session, scope: ReportScope, window: Window) -> float | None:
    """Of the dossiers whose fees were paid in the period, the share paid online (refunds still count as paid)."""
    paid = select(
        func.count(distinct(Payment.dossier_id)),
        func.count(distinct(Payment.dossier_id)).filter(Payment.channel == Channel.ONLINE),
    ).join_from(Payment, Dossier, Dossier.id == Payment.dossier_id)
    paid = paid.where(
        Payment.state.in_((PaymentState.PAID, PaymentState.REFUNDED)),
        Payment.paid_at >= window.start,
        Payment.paid_at < window.end,
    )
    total, online = session.execute(scoped(session, paid, scope, window)).one()
    return online / total if total else None


def satisfied_share(session: Session, scope: ReportScope, window: Window) -> float | None:
    """Of the ratings given in the period, the share whose overall answer is satisfied or very satisfied."""
    rated = select(func.count(), func.count().filter(Rating.overall.in_(SATISFIED))).join_from(
        Rating, Dossier, Dossier.id == Rating.dossier_id
    )
    rated = rated.where(Rating.created_at >= window.start, Rating.created_at < window.end)
    total, satisfied = session.execute(scoped(session, rated, scope, window)).one()
    return satisfied / total if total else None
