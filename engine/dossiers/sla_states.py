"""SLA states recomputed set-based in SQL (on time, due soon, overdue, late handover); run by the scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, literal, or_, select, true, update
from sqlalchemy.orm import Session

from engine.models import Dossier, DossierPause, DossierStatus, ProcedureVersion, SlaState
from engine.models.base import UTCDateTime
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar
from sla.due_soon import DueSoonRule

RUNNING = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION,
)
"""Statuses whose due moment is still ahead of the agency: the clock runs (or is paused)."""

RESOLVED = (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED)


@dataclass(frozen=True)
class SlaRefresh:
    """How many dossiers each statement changed."""

    running: int
    resolved: int
    first_overdue: int
    late_handovers: int


def running_dossiers() -> ColumnElement[bool]:
    """Dossiers being handled with a due moment, whose clock is not paused (waiting for the applicant)."""
    paused = exists().where(DossierPause.dossier_id == Dossier.id, DossierPause.ended_at.is_(None))
    return and_(Dossier.status.in_(RUNNING), Dossier.due_at.is_not(None), ~paused)


def refresh_sla_states(runtime: Runtime) -> SlaRefresh:
    """Bring every dossier's SLA state, first-overdue moment and late-handover flag up to now, in one transaction.

    A paused dossier keeps its state; a resolved one is on time or overdue by when it was resolved. Only rows
    whose value changes are written.
    """
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        session = uow.session
        soon = _due_soon_threshold(session, runtime.calendar(session), runtime.settings.sla_due_soon, now)
        running_state = case(
            (Dossier.due_at < now, SlaState.OVERDUE.value),  # at the due moment itself it is still on time
            (Dossier.due_at <= soon, SlaState.DUE_SOON.value),
            else_=SlaState.ON_TIME.value,
        )
        running = _set_state(session, running_dossiers(), running_state)
        late = Dossier.resolved_at > Dossier.due_at
        resolved_state = case((late, SlaState.OVERDUE.value), else_=SlaState.ON_TIME.value)
        resolved = _set_state(
            session,
            and_(Dossier.status.in_(RESOLVED), Dossier.due_at.is_not(None), Dossier.resolved_at.is_not(None)),
            resolved_state,
        )
        first_overdue = session.execute(
            update(Dossier)
            .where(Dossier.sla_state == SlaState.OVERDUE, Dossier.first_overdue_at.is_(None))
            .values(first_overdue_at=Dossier.due_at)
            .execution_options(synchronize_session=False)
        ).rowcount
        # Also catches a handover made late while no scheduler ran, when the diagram's timer never fired.
        late_handovers = session.execute(
            update(Dossier)
            .where(
                Dossier.late_handover.is_(False),
                Dossier.handover_due_at.is_not(None),
                or_(
                    Dossier.handed_over_at > Dossier.handover_due_at,
                    and_(
                        Dossier.handed_over_at.is_(None),
                        Dossier.status.in_(RUNNING),
                        Dossier.handover_due_at < now,
                    ),
                ),
            )
            .values(late_handover=true())
            .execution_options(synchronize_session=False)
        ).rowcount
        uow.commit()
    return SlaRefresh(running, resolved, first_overdue, late_handovers)


def _set_state(session: Session, which: ColumnElement[bool], state: ColumnElement[str]) -> int:
    return session.execute(
        update(Dossier)
        .where(which, Dossier.sla_state.is_distinct_from(state))
        .values(sla_state=state)
        .execution_options(synchronize_session=False)
    ).rowcount


def _due_soon_threshold(
    session: Session, calendar: WorkingCalendar, rule: DueSoonRule, now: datetime
) -> ColumnElement[datetime]:
    """The due moment up to which a running dossier is due soon: one moment, or one per procedure and channel."""
    if rule.share is None:
        return literal(rule.threshold(calendar, now), UTCDateTime())
    pairs = session.execute(
        select(Dossier.procedure_version_id, Dossier.channel).where(running_dossiers()).distinct()
    ).all()
    versions = {
        version.id: version
        for version in session.scalars(
            select(ProcedureVersion).where(ProcedureVersion.id.in_({version_id for version_id, _ in pairs}))
        )
    }
    whens = [
        (
            and_(Dossier.procedure_version_id == version_id, Dossier.channel == channel),
            literal(rule.threshold(calendar, now, versions[version_id].processing_time(channel)), UTCDateTime()),
        )
        for version_id, channel in pairs
    ]
    return case(*whens, else_=literal(now, UTCDateTime())) if whens else literal(now, UTCDateTime())
