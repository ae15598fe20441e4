"""The handovers of a dossier for its control sheet (phiếu kiểm soát), from the task projection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from engine.models import Agency, Department, Dossier, TaskRow, TaskState, User
from sla.deadlines import Timeliness, timeliness


@dataclass(frozen=True)
class Handover:
    """One step's work handed on: by whom, to whom, when, and against the step's own deadline."""

    step: str
    unit: str
    giver: str
    receiver: str
    given_at: datetime | None
    due_at: datetime | None
    verdict: str


VERDICTS = {Timeliness.EARLY: "Trước hạn", Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Quá hạn"}


def verdict(done: datetime, due: datetime | None, tz: ZoneInfo) -> str:
    """The control sheet's words for `sla.deadlines.timeliness`."""
    return VERDICTS[timeliness(done, due, tz)]


def handovers(session: Session, dossier: Dossier, tz: ZoneInfo) -> list[Handover]:
    """Each finished task hands the dossier to the unit of the next one; an open task is still with its unit."""
    worker = aliased(User)
    rows = session.execute(
        select(TaskRow, Agency.name, Department.name, worker.full_name)
        .join(Agency, TaskRow.agency_id == Agency.id)
        .outerjoin(Department, TaskRow.department_id == Department.id)
        .outerjoin(worker, TaskRow.completed_by_id == worker.id)
        .where(TaskRow.dossier_id == dossier.id, TaskRow.state != TaskState.CANCELLED)
        .order_by(TaskRow.created_at, TaskRow.id)
    ).all()
    units = [f"{agency}{f' — {department}' if department else ''}" for _task, agency, department, _name in rows]
    sheet = []
    for index, (task, _agency, _department, name) in enumerate(rows):
        done = task.state is TaskState.DONE and task.completed_at is not None
        receiver = units[index + 1] if index + 1 < len(units) else "Người nộp hồ sơ / kết thúc"
        sheet.append(
            Handover(
                step=task.title,
                unit=units[index],
                giver=name or "",
                receiver=receiver if done else "",
                given_at=task.completed_at if done else None,
                due_at=task.due_at,
                verdict=verdict(task.completed_at, task.due_at, tz) if done else "",
            )
        )
    return sheet
