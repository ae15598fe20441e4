"""The staff inbox (hộp công việc): open tasks from the projection, answered with indexed SQL only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from engine.models import Dossier, Procedure, ProcedureVersion, TaskRow, TaskState, User
from engine.people.permissions import LEADER_ROLES, may_lead, may_work
from engine.text import fold
from sla.calendar import WorkingCalendar

PAGE_SIZE = 25
DUE_SOON_HOURS = 4  # the last half working day before a task's due moment


class TaskSla(StrEnum):
    """How a task stands against its due moment, as the inbox colours it."""

    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    LATE_HANDOVER = "late_handover"


@dataclass(frozen=True)
class InboxFilter:
    procedure: str = ""  # procedure slug
    sla: TaskSla | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    search: str = ""  # dossier code, or the applicant's name without accents
    page: int = 1


@dataclass(frozen=True)
class InboxRow:
    task_id: int
    task_name: str
    title: str
    title_en: str
    behaviour: str
    dossier_code: str
    dossier_version: int
    procedure_vi: str
    procedure_en: str
    applicant: str
    received_at: datetime | None
    due_at: datetime | None
    sla: TaskSla
    claimed_by: str
    claimed_by_me: bool
    workable: bool  # the user may claim and work it, not only lead it
    leads: bool  # the user leads its unit and may reassign it


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    counts: dict[TaskSla, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def my_work(session: Session, user: User, now: datetime, calendar: WorkingCalendar, where: InboxFilter) -> InboxPage:
    """The open tasks the user may work or lead, soonest due first, with counts per SLA state."""
    soon = calendar.add_working_hours(now, DUE_SOON_HOURS)
    sla = case(
        (and_(TaskRow.behaviour == "hand_over", Dossier.late_handover), TaskSla.LATE_HANDOVER.value),
        (TaskRow.due_at < now, TaskSla.OVERDUE.value),
        (TaskRow.due_at < soon, TaskSla.DUE_SOON.value),
        else_=TaskSla.ON_TIME.value,
    ).label("sla")
    base = _filtered(_visible(select(TaskRow.id), user), where)
    counts = {
        TaskSla(state): n
        for state, n in session.execute(base.add_columns(sla).with_only_columns(sla, func.count()).group_by(sla)).all()
    }
    # The counts group what the filter lets through by SLA state: the page's total is theirs, not another count.
    total = sum(counts.values()) if where.sla is None else counts.get(where.sla, 0)
    if where.sla is not None:
        base = base.where(sla == where.sla.value)
    page = max(1, where.page)
    claimed = select(User.full_name).where(User.id == TaskRow.claimed_by_id).scalar_subquery()
    rows = session.execute(
        base.with_only_columns(
            TaskRow,
            Dossier.code,
            Dossier.version,
            ProcedureVersion.name_vi,
            ProcedureVersion.name_en,
            Dossier.applicant_name,
            Dossier.received_at,
            TaskRow.due_at,
            sla,
            claimed,
        )
        .order_by(TaskRow.due_at.is_(None), TaskRow.due_at, TaskRow.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return InboxPage([_row(user, *r) for r in rows], total, page, counts)


def _row(user: User, task: TaskRow, code: str, version: int, *rest: object) -> InboxRow:
    procedure_vi, procedure_en, applicant, received_at, due_at, sla, claimed = rest
    return InboxRow(
        task.id,
        task.task_name,
        task.title,
        task.title_en,
        task.behaviour,
        code,
        version,
        str(procedure_vi),
        str(procedure_en),
        str(applicant),
        received_at,
        due_at,
        TaskSla(sla),
        claimed or "",
        task.claimed_by_id == user.id,
        may_work(user, task),
        may_lead(user, task),
    )


def _visible(query: Select, user: User) -> Select:
    """Open tasks of the user's roles in their units, those claimed by them, and, for leaders, their unit's."""
    mine = [
        and_(
            TaskRow.role == a.role,
            TaskRow.agency_id == a.agency_id,
            or_(TaskRow.department_id.is_(None), a.department_id is None, TaskRow.department_id == a.department_id),
        )
        for a in user.roles
    ]
    led = [
        and_(TaskRow.agency_id == a.agency_id, a.department_id is None or TaskRow.department_id == a.department_id)
        for a in user.roles
        if a.role in LEADER_ROLES
    ]
    # Every visible task lies in one of the user's agencies: said outright, it lets the database read only
    # those agencies' open tasks (ix_tasks_inbox) instead of every open task of the province.
    return (
        query.join(Dossier, Dossier.id == TaskRow.dossier_id)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .where(
            TaskRow.state == TaskState.OPEN,
            TaskRow.agency_id.in_(sorted({a.agency_id for a in user.roles})),
            or_(TaskRow.claimed_by_id == user.id, *mine, *led, false()),
        )
    )


def _filtered(query: Select, where: InboxFilter) -> Select:
    if where.procedure:
        query = query.join(Procedure, Procedure.id == ProcedureVersion.procedure_id).where(
            Procedure.slug == where.procedure
        )
    received = func.coalesce(Dossier.received_at, Dossier.submitted_at)  # not yet received: when it came in
    if where.received_from is not None:
        query = query.where(received >= where.received_from)
    if where.received_to is not None:
        query = query.where(received < where.received_to)
    text = where.search.strip()
    if text:
        query = query.where(or_(Dossier.code == text.upper(), Dossier.applicant_name_folded.contains(fold(text))))
    return query


def next_task(session: Session, dossier_id: int, user: User) -> int | None:
    """The dossier's open task the user may work now (e.g. the hand-over after the check), if any."""
    rows = session.scalars(
        select(TaskRow).where(TaskRow.dossier_id == dossier_id, TaskRow.state == TaskState.OPEN).order_by(TaskRow.id)
    )
    return next((row.id for row in rows if may_work(user, row) and row.claimed_by_id in (None, user.id)), None)
