"""Deadlines moved past a day off recorded after they were given (lùi hạn do ngày nghỉ): the open dossiers' due
moments and pending handovers, their open tasks and the open questions keep the office time they had left, each
dossier with an event and its applicant told the new appointment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.dossiers.requests import FINAL
from engine.errors import Conflict
from engine.models import Dossier, DossierStatus, Question, TaskRow, User, WorkflowInstance
from engine.models import TaskState as RowState
from engine.notices.compose import applicant_notices
from engine.runtime import Runtime
from engine.workflow.step import open_workflow, save_workflow, take
from engine.workflow.timers import timers_of
from sla.calendar import WorkingCalendar

MOVED = "deadline_moved_by_day_off"


@dataclass(frozen=True)
class DayOffMoves:
    """What a day off moves: open dossiers (their due moment or their pending handover) and open questions."""

    dossiers: int
    handovers: int
    questions: int


@dataclass(frozen=True)
class _Move:
    dossier: Dossier
    due: datetime | None
    handover: datetime | None


def moves_of(session: Session, before: WorkingCalendar, after: WorkingCalendar, day: date, at: datetime) -> DayOffMoves:
    """Count what recording `day` as off (the `after` calendar) would move, without moving it."""
    return _counted(_planned(session, before, after, day, at), _open_questions(session, before, day))


def move_past_day_off(
    runtime: Runtime,
    session: Session,
    before: WorkingCalendar,
    after: WorkingCalendar,
    day: date,
    at: datetime,
    actor: User,
    reason: str,
) -> DayOffMoves:
    """Move every deadline the day off falls before, in the caller's transaction; a dossier another step changed
    meanwhile fails the whole change with Conflict, so nothing is moved twice or half."""
    moves, questions = _planned(session, before, after, day, at), _open_questions(session, before, day)
    counted = _counted(moves, questions)  # before moving: a moved dossier's handover is its new one
    for move in moves:
        _move(runtime, session, move, after, day, at, actor, reason)
    start = _start_of(day, before)
    for row in session.scalars(select(TaskRow).where(TaskRow.state == RowState.OPEN, TaskRow.due_at > start)):
        row.due_at = after.shifted(row.due_at, before, at)
    for question in questions:
        moved = after.shifted(question.due_at, before, at)
        after_move = {"day": day.isoformat(), "due": after.local(moved).isoformat()}
        record_event(session, MOVED, at, actor=actor, question=question, reason=reason, after=after_move)
        question.due_at = moved
    return counted


def _counted(moves: list[_Move], questions: list[Question]) -> DayOffMoves:
    handovers = sum(1 for move in moves if move.handover != move.dossier.handover_due_at)
    return DayOffMoves(len(moves), handovers, len(questions))


def _planned(session: Session, before: WorkingCalendar, after: WorkingCalendar, day: date, at: datetime) -> list[_Move]:
    """The received, unresolved dossiers whose due moment or pending handover the day off moves, with their new
    moments; a handover already made keeps its deadline."""
    start = _start_of(day, before)
    dossiers = session.scalars(
        select(Dossier)
        .where(
            Dossier.received_at.is_not(None),
            Dossier.resolved_at.is_(None),
            Dossier.status.not_in(FINAL | {DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED}),
            or_(Dossier.due_at > start, Dossier.handed_over_at.is_(None) & (Dossier.handover_due_at > start)),
        )
        .order_by(Dossier.id)
    )
    moves = []
    for dossier in dossiers:
        due = dossier.due_at and after.shifted(dossier.due_at, before, at)
        handover = dossier.handover_due_at
        if handover is not None and dossier.handed_over_at is None:
            handover = after.shifted(handover, before, at)
        if (due, handover) != (dossier.due_at, dossier.handover_due_at):
            moves.append(_Move(dossier, due, handover))
    return moves


def _move(
    runtime: Runtime,
    session: Session,
    move: _Move,
    calendar: WorkingCalendar,
    day: date,
    at: datetime,
    actor: User,
    reason: str,
) -> None:
    """One dossier, taken by compare-and-set on its version: its moments, its handover timer, an event, a notice."""
    before = {"due": move.dossier.due_at, "handover_due": move.dossier.handover_due_at}
    dossier = take(
        session, Dossier, move.dossier.code, move.dossier.version, "", Conflict(dossier_code=move.dossier.code)
    )
    if move.handover != before["handover_due"]:
        _move_handover_timer(runtime, session, dossier, calendar, before["handover_due"], move.handover, at)
    dossier.due_at, dossier.handover_due_at = move.due, move.handover
    changed = {
        key: calendar.local(new).isoformat()
        for key, new in (("due", move.due), ("handover_due", move.handover))
        if new is not None and new != before[key]
    }
    record_event(
        session, MOVED, at, actor=actor, dossier=dossier, reason=reason, after={"day": day.isoformat(), **changed}
    )
    if (
        "due" in changed and dossier.status is not DossierStatus.SUPPLEMENT_REQUESTED
    ):  # while paused no date is promised
        notices = applicant_notices(
            dossier,
            "due_moved",
            at,
            runtime.settings.public_url,
            day=f"{day:%d/%m/%Y}",
            reason=reason,
            due=calendar.local(move.due),
        )
        session.add_all(notices)


def _open_questions(session: Session, calendar: WorkingCalendar, day: date) -> list[Question]:
    start = _start_of(day, calendar)
    return list(session.scalars(select(Question).where(Question.closed_at.is_(None), Question.due_at > start)))


def _start_of(day: date, calendar: WorkingCalendar) -> datetime:
    return datetime.combine(day, time(), calendar.tz)


def _move_handover_timer(
    runtime: Runtime,
    session: Session,
    dossier: Dossier,
    calendar: WorkingCalendar,
    old: datetime | None,
    new: datetime,
    at: datetime,
) -> None:
    """The diagram's waiting handover timer fires at the new moment."""
    instance = session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
    workflow = open_workflow(runtime, instance, calendar)
    for task in workflow.get_tasks(state=TaskState.WAITING):
        for timer in timers_of(task.task_spec):
            value = task._get_internal_data("event_value") or workflow.script_engine.evaluate(task, timer.expression)
            if TimerEventDefinition.parse_time_or_duration(value) == old:
                task._set_internal_data(event_value=new.isoformat())
    save_workflow(runtime, session, instance, workflow, at)
