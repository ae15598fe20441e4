"""The SLA pass: on time, due soon, overdue and late handover, for the dossiers whose next-change moment has come.

Each dossier carries `sla_check_at`, the next moment its state can change by the clock alone; a step that moves a
deadline, a status or a pause sets it to "now" (`SLA_CHECK_NOW`). The pass takes the dossiers whose moment has come
in bounded batches, each in its own short transactions, so a clerk's step never waits long for the write lock and
a pass costs as much as what is due, not as the database grows. Ended dossiers are settled set-based; running ones
are read, computed (with the minute each turns due soon) and written by primary key only at the version read (a
step in between wins; the dossier stays due). Every moment the pass writes lies after its `now`, so it never takes
a dossier twice, and a pass killed half-way leaves the rest for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, bindparam, case, exists, select, true, update
from sqlalchemy.orm import Session

from engine.models import Channel, Dossier, DossierPause, DossierStatus, ProcedureVersion, SlaState
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar
from sla.due_soon import DueSoonRule, DueSoonStarts

RUNNING = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION,
)
"""Statuses whose due moment is still ahead of the agency: the clock runs (or is paused)."""

RESOLVED = (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED)

BATCH = 500
"""Dossiers per batch: one write of this many rows by primary key holds SQLite's write lock for milliseconds."""

_TICK = timedelta(microseconds=1)
_PAUSED = exists().where(DossierPause.dossier_id == Dossier.id, DossierPause.ended_at.is_(None))


@dataclass(frozen=True)
class SlaRefresh:
    """What one pass did: the dossiers it looked at, and how many of them changed in each way."""

    checked: int
    running: int
    resolved: int
    first_overdue: int
    late_handovers: int


def running_dossiers() -> ColumnElement[bool]:
    """Dossiers being handled with a due moment, whose clock is not paused (waiting for the applicant)."""
    return and_(Dossier.status.in_(RUNNING), Dossier.due_at.is_not(None), ~_PAUSED)


def refresh_sla_states(runtime: Runtime, *, batch: int = BATCH, max_batches: int | None = None) -> SlaRefresh:
    """Bring every dossier whose next-change moment has come up to now: its SLA state (a paused dossier keeps its
    own; a resolved one is on time or overdue by when it was resolved), its first overdue moment, its late-handover
    flag and its next-change moment. With `max_batches`, the rest waits for the next pass."""
    now = runtime.clock.now()
    totals = dict.fromkeys(("checked", "running", "resolved", "first_overdue", "late_handovers"), 0)
    due_soon: _DueSoon | None = None
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        with runtime.unit_of_work() as uow:
            due_soon = due_soon or _DueSoon(runtime.calendar(uow.session), runtime.settings.sla_due_soon, now)
            rows = _due_for_check(uow.session, now, batch)
            ended = [row.id for row in rows if row.status not in RUNNING]
            changes = [_checked(row, now, due_soon.of(uow.session, row)) for row in rows if row.status in RUNNING]
        if not rows:
            break
        with runtime.unit_of_work() as uow:
            counts = _settle_ended(uow.session, now, ended)
            counts["checked"] += _write(uow.session, changes)
            uow.commit()
        for change in changes:
            for key in change["changed"]:
                counts[key] += 1
        for key, count in counts.items():
            totals[key] += count
        if counts["checked"] == 0 or len(rows) < batch:
            break  # the rest is left to the next pass: steps took every dossier of this batch first, or none remain
    return SlaRefresh(**totals)


def _due_for_check(session: Session, now: datetime, batch: int) -> list[Row[Any]]:
    """The batch, read along the next-change index alone (a filter on status would let a database sort them all)."""
    return list(
        session.execute(
            select(
                Dossier.id,
                Dossier.version,
                Dossier.status,
                Dossier.procedure_version_id,
                Dossier.channel,
                Dossier.due_at,
                Dossier.handover_due_at,
                Dossier.handed_over_at,
                Dossier.late_handover,
                Dossier.sla_state,
                Dossier.first_overdue_at,
                _PAUSED.label("paused"),
            )
            .where(Dossier.sla_check_at <= now)
            .order_by(Dossier.sla_check_at)
            .limit(batch)
        )
    )


def _settle_ended(session: Session, now: datetime, ids: list[int]) -> dict[str, int]:
    """Dossiers whose handling ended (resolved, returned, refused, withdrawn, stopped), in set-based statements:
    nothing but a step changes them again, so their moment is cleared first and what a step commits meanwhile marks
    them anew."""
    counts = dict.fromkeys(("checked", "running", "resolved", "first_overdue", "late_handovers"), 0)
    if not ids:
        return counts
    chosen = Dossier.id.in_(ids)
    resolved_state = case((Dossier.resolved_at > Dossier.due_at, SlaState.OVERDUE.value), else_=SlaState.ON_TIME.value)
    counts["checked"] = _update(
        session, and_(chosen, Dossier.sla_check_at <= now, Dossier.status.not_in(RUNNING)), sla_check_at=None
    )
    counts["resolved"] = _update(
        session,
        and_(
            chosen,
            Dossier.status.in_(RESOLVED),
            Dossier.due_at.is_not(None),
            Dossier.resolved_at.is_not(None),
            Dossier.sla_state.is_distinct_from(resolved_state),
        ),
        sla_state=resolved_state,
    )
    counts["first_overdue"] = _update(
        session,
        and_(chosen, Dossier.sla_state == SlaState.OVERDUE, Dossier.first_overdue_at.is_(None)),
        first_overdue_at=Dossier.due_at,
    )
    counts["late_handovers"] = _update(
        session,
        and_(chosen, Dossier.late_handover.is_(False), Dossier.handed_over_at > Dossier.handover_due_at),
        late_handover=true(),
    )
    return counts


def _update(session: Session, which: ColumnElement[bool], **values: Any) -> int:
    statement = update(Dossier).where(which).values(**values).execution_options(synchronize_session=False)
    return session.execute(statement).rowcount


def _checked(row: Row[Any], now: datetime, due_soon: _DueSoonOfProcedure) -> dict[str, Any]:
    """The dossier's new SLA columns and next-change moment (always after `now`, or None), and what changed."""
    state, moments = row.sla_state, []
    if row.due_at is not None and not row.paused:
        if row.due_at < now:  # at the due moment itself it is still on time
            state = SlaState.OVERDUE
        elif row.due_at <= due_soon.threshold:
            state = SlaState.DUE_SOON
            moments.append(row.due_at + _TICK)
        else:
            state = SlaState.ON_TIME
            moments.append(due_soon.starts(row.due_at))
    late = row.late_handover
    if not late and row.handover_due_at is not None:
        if row.handed_over_at is not None:
            late = row.handed_over_at > row.handover_due_at
        else:
            late = row.handover_due_at < now
            if not late:
                moments.append(row.handover_due_at + _TICK)
    first_overdue = row.first_overdue_at or (row.due_at if state is SlaState.OVERDUE else None)
    changed = []
    if state != row.sla_state:
        changed.append("running")
    if first_overdue != row.first_overdue_at:
        changed.append("first_overdue")
    if late != row.late_handover:
        changed.append("late_handovers")
    return {
        "row_id": row.id,
        "row_version": row.version,
        "new_state": state,
        "new_first_overdue": first_overdue,
        "new_late": late,
        "new_check_at": min(moments, default=None),
        "changed": changed,
    }


def _write(session: Session, changes: list[dict[str, Any]]) -> int:
    """One UPDATE by primary key per dossier, only at the version read; the number of dossiers written."""
    if not changes:
        return 0
    statement = (
        update(Dossier.__table__)
        .where(Dossier.__table__.c.id == bindparam("row_id"), Dossier.__table__.c.version == bindparam("row_version"))
        .values(
            sla_state=bindparam("new_state"),
            first_overdue_at=bindparam("new_first_overdue"),
            late_handover=bindparam("new_late"),
            sla_check_at=bindparam("new_check_at"),
        )
    )
    return session.connection().execute(statement, [_without_changed(change) for change in changes]).rowcount


def _without_changed(change: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in change.items() if key != "changed"}


class _DueSoon:
    """The due-soon rule as of one pass: its threshold and the moments dossiers turn due soon, per procedure version
    and channel when the rule is a share of the processing time."""

    def __init__(self, calendar: WorkingCalendar, rule: DueSoonRule, now: datetime) -> None:
        self.calendar, self.rule, self.now = calendar, rule, now
        self._procedures: dict[tuple[int, Channel] | None, _DueSoonOfProcedure] = {}

    def of(self, session: Session, row: Row[Any]) -> _DueSoonOfProcedure:
        key = None if self.rule.share is None else (row.procedure_version_id, row.channel)
        found = self._procedures.get(key)
        if found is None:
            time = None
            if key is not None:
                time = session.get_one(ProcedureVersion, row.procedure_version_id).processing_time(row.channel)
            found = self._procedures[key] = _DueSoonOfProcedure(self, time)
        return found


class _DueSoonOfProcedure:
    def __init__(self, due_soon: _DueSoon, processing_time: Any) -> None:
        self.threshold = due_soon.rule.threshold(due_soon.calendar, due_soon.now, processing_time)
        self.starts = DueSoonStarts(due_soon.rule, due_soon.calendar, due_soon.now, processing_time).at
