"""The handovers of a dossier for its control sheet (phiếu kiểm soát), from the task projection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from engine.models import Agency, Department, Dossier, Role, TaskRow, TaskState, User
from sla.deadlines import Timeliness, timeliness


@dataclass(frozen=True)
class Handover:
    """One step's work handed on: from which unit to which, by whom to whom, when, and against the step's own
    deadline."""

    step: str
    unit: str
    giver: str
    receiver: str
    receiver_person: str
    given_at: datetime | None
    due_at: datetime | None
    verdict: str


VERDICTS = {Timeliness.EARLY: "Trước hạn", Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Quá hạn"}
RECEPTION = "Bộ phận Một cửa"


def verdict(done: datetime, due: datetime | None, tz: ZoneInfo) -> str:
    """The control sheet's words for `sla.deadlines.timeliness`."""
    return VERDICTS[timeliness(done, due, tz)]


def handovers(session: Session, dossier: Dossier, tz: ZoneInfo) -> list[Handover]:
    """Each finished task hands the dossier to the unit of the next one, whose worker receives it; an open task is
    still with its unit; the last finished one hands the result to the applicant."""
    worker, holder = aliased(User), aliased(User)
    rows = session.execute(
        select(TaskRow, Agency.name, Department.name, worker.full_name, holder.full_name)
        .join(Agency, TaskRow.agency_id == Agency.id)
        .outerjoin(Department, TaskRow.department_id == Department.id)
        .outerjoin(worker, TaskRow.completed_by_id == worker.id)
        .outerjoin(holder, TaskRow.claimed_by_id == holder.id)
        .where(TaskRow.dossier_id == dossier.id, TaskRow.state != TaskState.CANCELLED)
        .order_by(TaskRow.created_at, TaskRow.id)
    ).all()
    units = [_unit(task, agency, department) for task, agency, department, _done_by, _held_by in rows]
    people = [done_by or held_by or "" for _task, _agency, _department, done_by, held_by in rows]
    sheet = []
    for index, (task, _agency, _department, done_by, _held_by) in enumerate(rows):
        done = task.state is TaskState.DONE and task.completed_at is not None
        last = index + 1 == len(rows)
        sheet.append(
            Handover(
                step=task.title,
                unit=units[index],
                giver=done_by or "",
                receiver=("Người nộp hồ sơ" if last else units[index + 1]) if done else "",
                receiver_person=(dossier.applicant_name if last else people[index + 1]) if done else "",
                given_at=task.completed_at if done else None,
                due_at=task.due_at,
                verdict=verdict(task.completed_at, task.due_at, tz) if done else "",
            )
        )
    return sheet


def _unit(task: TaskRow, agency: str, department: str | None) -> str:
    """The agency and, inside it, the department or the one-stop desk that holds the task."""
    inside = department or (RECEPTION if task.role is Role.RECEPTION_CLERK else "")
    return f"{agency} — {inside}" if inside else agency
