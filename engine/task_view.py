"""What a task page shows: the task, its dossier, the dossier's history; only to who may work or lead it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotAllowed, NotFound
from engine.models import Dossier, Event, ProcedureDocument, TaskRow, TaskState, User
from engine.permissions import may_lead, may_work


@dataclass(frozen=True)
class TaskView:
    task: TaskRow
    dossier: Dossier
    documents: list[ProcedureDocument]
    history: list[Event]
    may_complete: bool


def task_view(session: Session, task_id: int, user: User) -> TaskView:
    """The open task and its dossier, for a person who may work it (or lead the unit it belongs to)."""
    task = session.get(TaskRow, task_id)
    if task is None or task.state is not TaskState.OPEN or task.dossier_id is None:  # a question's task: not here
        raise NotFound(what="bước xử lý đang mở này")
    if not (may_work(user, task) or may_lead(user, task)):
        raise NotAllowed(action="xem bước xử lý này")
    dossier = session.get(Dossier, task.dossier_id)
    history = list(session.scalars(select(Event).where(Event.dossier_id == dossier.id).order_by(Event.at, Event.id)))
    may_complete = may_work(user, task) and task.claimed_by_id in (None, user.id)
    return TaskView(task, dossier, list(dossier.procedure_version.documents), history, may_complete)
