"""What a task page shows: the task, its dossier, files, history and clock; only to who may work or lead it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.dossiers.task_forms import starting_values, task_form
from engine.errors import N_, NotAllowed, NotFound
from engine.models import (
    Dossier,
    DossierFile,
    DossierStatus,
    Event,
    ProcedureDocument,
    ProcedureTime,
    Role,
    RoleAssignment,
    TaskRow,
    TaskState,
    User,
)
from engine.people.permissions import may_lead, may_work
from sla.calendar import WorkingCalendar

# Requests a specialist or department leader may raise outside the task's own form (engine.dossiers.requests).
REQUESTING_ROLES = (Role.SPECIALIST, Role.DEPARTMENT_LEADER)
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING)
COMPLETIONS = ("task_completed", "question_task_completed")  # events of a finished task, late or on time


@dataclass(frozen=True)
class StepName:
    """A step as its diagram names it (Vietnamese, and English where the diagram gives it) and its behaviour."""

    title: str
    title_en: str = ""
    behaviour: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a dossier's or question's history; `late` is set for a finished task that had a due moment."""

    at: datetime
    action: str
    actor: str
    step: StepName | None
    to_steps: tuple[StepName, ...]
    reason: str
    late: bool | None


@dataclass(frozen=True)
class TaskView:
    task: TaskRow
    dossier: Dossier
    documents: list[ProcedureDocument]
    files: list[DossierFile]
    history: list[HistoryEntry]
    may_complete: bool
    may_request: bool  # may ask for an apology and new date, or propose to stop
    may_reassign: bool
    assignees: list[User]
    time_left: timedelta | None  # working time until the dossier's due moment, negative once overdue
    paused: timedelta  # working time the dossier's clock stood still
    conditional_times: list[ProcedureTime]  # the procedure's times under a condition, which the department may apply
    form: dict[str, Any]  # the task's form, with its procedure's result fields when it drafts the result
    starting: dict[str, Any]  # what the form shows before anyone types
    sent_back: HistoryEntry | None  # the step that sent the dossier back to this task, with its reason


def task_view(session: Session, task_id: int, user: User, now: datetime, calendar: WorkingCalendar) -> TaskView:
    """The open task and its dossier, for a person who may work it (or lead the unit it belongs to)."""
    task = session.get(TaskRow, task_id)
    if task is None or task.state is not TaskState.OPEN or task.dossier_id is None:  # a question's task: not here
        raise NotFound(what=N_("bước xử lý đang mở này"))
    if not (may_work(user, task) or may_lead(user, task)):
        raise NotAllowed(action=N_("xem bước xử lý này"))
    dossier = session.get(Dossier, task.dossier_id)
    leads = may_lead(user, task)
    return TaskView(
        task,
        dossier,
        list(dossier.procedure_version.documents),
        list(dossier.files),
        history(session, dossier),
        may_work(user, task) and task.claimed_by_id in (None, user.id),
        dossier.status in OPEN_STATUSES
        and dossier.due_at is not None
        and any(a.role in REQUESTING_ROLES and a.agency_id == dossier.resolving_agency_id for a in user.roles),
        leads,
        assignees(session, task) if leads else [],
        _signed(calendar, now, dossier.due_at) if dossier.due_at and dossier.resolved_at is None else None,
        _paused(calendar, dossier, now),
        [time for time in dossier.procedure_version.times if time.condition],
        task_form(task, dossier.procedure_version),
        starting_values(session, task, dossier),
        _sent_back(session, task),
    )


def _sent_back(session: Session, task: TaskRow) -> HistoryEntry | None:
    """The step completed just before this task opened, when it sent the dossier back (its reason heads the page)."""
    last = session.scalar(
        select(Event)
        .where(Event.dossier_id == task.dossier_id, Event.action == "task_completed", Event.at <= task.created_at)
        .order_by(Event.at.desc(), Event.id.desc())
        .limit(1)
    )
    if last is None or last.result != "send_back":
        return None
    step = session.scalar(
        select(TaskRow).where(TaskRow.dossier_id == task.dossier_id, TaskRow.task_name == last.from_step)
    )
    name = StepName(step.title, step.title_en, step.behaviour) if step else StepName(last.from_step)
    return HistoryEntry(last.at, last.action, last.actor_name, name, (), last.reason, None)


@dataclass(frozen=True)
class ClosedTask:
    """A dossier's task that is no longer open, as the person who was working on it is told (a lost race)."""

    step: StepName
    dossier_code: str
    state: TaskState
    completed_by: str  # "" when the task was cancelled, or done by the system
    completed_at: datetime | None


def closed_task(session: Session, task_id: int, user: User) -> ClosedTask | None:
    """What became of a dossier's task that is done or cancelled, for a person who may work or lead it; None for an
    open task, a question's task, an unknown id, or a person who could never have seen it."""
    task = session.get(TaskRow, task_id)
    if task is None or task.state is TaskState.OPEN or task.dossier_id is None:
        return None
    if not (may_work(user, task) or may_lead(user, task)):
        return None
    who = session.get(User, task.completed_by_id) if task.completed_by_id else None
    return ClosedTask(
        StepName(task.title, task.title_en, task.behaviour),
        session.get(Dossier, task.dossier_id).code,
        task.state,
        who.full_name if who else "",
        task.completed_at,
    )


def history(session: Session, dossier: Dossier) -> list[HistoryEntry]:
    """The dossier's events in order, its steps named as its diagram names them; a completed task is marked on time
    or late against its due moment."""
    events = session.scalars(select(Event).where(Event.dossier_id == dossier.id).order_by(Event.at, Event.id))
    return history_of(events, list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier.id))))


def history_of(events: Iterable[Event], rows: list[TaskRow]) -> list[HistoryEntry]:
    """Events in order, with the steps they name as the task rows of the same workflow name them (a dossier's or
    a question's)."""
    names = {row.task_name: StepName(row.title, row.title_en, row.behaviour) for row in rows}
    done = {(row.task_name, row.completed_at): row.due_at for row in rows if row.state is TaskState.DONE}
    entries = []
    for event in events:
        due = done.get((event.from_step, event.at)) if event.action in COMPLETIONS else None
        entries.append(
            HistoryEntry(
                event.at,
                event.action,
                event.actor_name,
                _named(names, event.from_step),
                tuple(filter(None, (_named(names, name) for name in event.to_step.split(", ")))),
                event.reason,
                None if due is None else event.at > due,
            )
        )
    return entries


def _named(names: dict[str, StepName], task_name: str) -> StepName | None:
    return names.get(task_name, StepName(task_name)) if task_name else None


def dossier_steps(session: Session, dossier: Dossier) -> tuple[list[TaskRow], list[str]]:
    """Where the dossier is: its open steps, and the ids of the steps done so far (its path)."""
    rows = list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier.id).order_by(TaskRow.id)))
    done = list(dict.fromkeys(row.task_name for row in rows if row.state is TaskState.DONE))
    return [row for row in rows if row.state is TaskState.OPEN], done


def assignees(session: Session, task: TaskRow) -> list[User]:
    """Active colleagues who may work the task, for a leader to give it to."""
    candidates = session.scalars(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == task.role, RoleAssignment.agency_id == task.agency_id, User.is_active)
        .order_by(User.full_name)
        .distinct()
    )
    return [user for user in candidates if may_work(user, task)]


def _signed(calendar: WorkingCalendar, now: datetime, due: datetime) -> timedelta:
    return calendar.working_time_between(now, due) if due >= now else -calendar.working_time_between(due, now)


def _paused(calendar: WorkingCalendar, dossier: Dossier, now: datetime) -> timedelta:
    return sum(
        (calendar.working_time_between(p.started_at, p.ended_at or now) for p in dossier.pauses),
        start=timedelta(),
    )
