"""The result document a leader signs (kết quả giải quyết), rendered once when the sign task opens and kept as
rendered: the task shows exactly those bytes, and signing signs exactly them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.documents.marks import Mark
from engine.models import Dossier, ResultPreview, TaskRow, TaskState, User
from engine.people.permissions import require_task_worker
from engine.runtime import Runtime
from engine.stored_files import keep_bytes
from engine.uow import UnitOfWork

SIGN = "sign"  # the behaviour of the task that signs the result


class ResultRenderer(Protocol):
    """What reports gives the engine to draw result documents (the engine cannot import reports)."""

    def preview(self, dossier: Dossier, at: datetime) -> bytes:
        """The unsigned document, its number and date left blank for the register."""

    def mark(self, dossier: Dossier, reference: str, at: datetime) -> Mark:
        """The number and the place and date, in the boxes the preview left blank."""


@dataclass(frozen=True)
class Preview:
    task_id: int
    dossier_id: int
    sha256: str
    size: int


def open_preview(runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int) -> Preview | None:
    """The preview of an open sign task, rendered the first time someone who may sign it opens it; None for a task
    that signs nothing."""
    with uow:
        session = uow.session
        task = session.get(TaskRow, task_id)
        if task is None or task.behaviour != SIGN or task.state is not TaskState.OPEN or task.dossier_id is None:
            return None
        kept = kept_preview(session, task_id)
        if kept is not None:
            return kept
        require_task_worker(session.get(User, actor_id), task)
        if runtime.render_result is None:
            raise RuntimeError("no result renderer is wired into the runtime")
        at = runtime.clock.now()
        content = runtime.render_result.preview(session.get(Dossier, task.dossier_id), at)
        sha256 = keep_bytes(session, runtime.files, content, "application/pdf", at)
        session.add(
            ResultPreview(task_id=task_id, dossier_id=task.dossier_id, sha256=sha256, size=len(content), rendered_at=at)
        )
        try:
            uow.commit()
        except IntegrityError:  # opened twice at once: the first rendering stands
            session.rollback()
            kept = kept_preview(session, task_id)
            if kept is None:
                raise
            return kept
        return Preview(task_id, task.dossier_id, sha256, len(content))


def kept_preview(session: Session, task_id: int) -> Preview | None:
    """The preview a sign task showed, if it was opened."""
    row = session.scalar(select(ResultPreview).where(ResultPreview.task_id == task_id))
    return Preview(row.task_id, row.dossier_id, row.sha256, row.size) if row else None
