"""Working a task from the inbox: claim, release, reassign, and complete it with its form."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from engine.dossiers.effects import computed, kept_from
from engine.dossiers.step import Step, StepResult, step_read
from engine.dossiers.task_forms import task_form
from engine.errors import N_, InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import Dossier, Event, TaskRow, TaskState, User
from engine.people.permissions import ROLE_IDS, may_lead, may_work, require_task_worker
from engine.runtime import Runtime
from engine.uow import UnitOfWork
from forms.validation import clean, validate_against

# Every pass through a loop deepens the workflow's task tree, and SpiffWorkflow stops walking a tree deeper
# than about 330 levels (about 240 send-backs between two tasks); 30 keeps every loop far from that.
MAX_SEND_BACKS = 30


def _open_task(session: Session, task_id: int) -> TaskRow:
    task = session.get(TaskRow, task_id)
    if task is None or task.state is not TaskState.OPEN or task.dossier_id is None:  # questions have their own
        raise StepNotAvailable(dossier_code=_code(session, task), action=N_("thực hiện bước này (đã xong hoặc bị hủy)"))
    return task


def _code(session: Session, task: TaskRow | None) -> str:
    dossier = session.get(Dossier, task.dossier_id) if task is not None and task.dossier_id else None
    return dossier.code if dossier else ""


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(what=N_("người dùng"))
    return user


def claim(runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int) -> None:
    """Take an open task so that colleagues see who works on it."""
    with uow:
        task, actor = _open_task(uow.session, task_id), _user(uow.session, actor_id)
        require_task_worker(actor, task)
        task.claimed_by_id = actor.id
        uow.commit()


def release(runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int) -> None:
    """Give a claimed task back to the shared inbox (its holder, or a leader)."""
    with uow:
        task, actor = _open_task(uow.session, task_id), _user(uow.session, actor_id)
        if task.claimed_by_id != actor.id and not may_lead(actor, task):
            raise NotAllowed(action=N_("trả lại bước do cán bộ khác đang xử lý"))
        task.claimed_by_id = None
        uow.commit()


def reassign(runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int, assignee_id: int) -> None:
    """A leader gives an open task to a colleague who may work it."""
    with uow:
        task, actor = _open_task(uow.session, task_id), _user(uow.session, actor_id)
        assignee = _user(uow.session, assignee_id)
        if not may_lead(actor, task):
            raise NotAllowed(action=N_("phân công lại bước này"))
        if not may_work(assignee, task):
            raise InvalidData({"assignee": f"Người được giao: {assignee.full_name} không xử lý được bước này."})
        task.claimed_by_id = assignee.id
        uow.commit()


def complete_task(
    runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int, data: dict[str, Any], expected_version: int
) -> StepResult:
    """Complete a user task with its form: the form is kept under the task's id and its behaviour, for the diagram's
    conditions to read; what the engine computes in working time comes with it."""
    with uow:
        session = uow.session
        row = _task_read(session, task_id, actor_id)
        task, dossier, actor = row.TaskRow, row.Dossier, row.User
        require_task_worker(actor, task)
        errors = validate_against(task_form(task, dossier.procedure_version), data)
        if errors:
            raise InvalidData(errors)
        form = clean(task.form, data)
        pin = form.pop("pin", "")  # opens the leader's key for this step only: never in the diagram or the log
        _check_documents(dossier, form)
        _check_send_backs(session, dossier, form)
        step = Step.taken(runtime, session, row, expected_version, actor)
        step.pin, step.task_id = pin, task.id
        bpmn_task = step.task(task.task_guid)
        if bpmn_task is None:
            raise StepNotAvailable(dossier_code=dossier.code, action=f"thực hiện bước «{task.title}»")
        bpmn_task.data.update({task.task_name: form, **({task.behaviour: form} if task.behaviour else {})})
        kept = kept_from(form)
        if "draft" in kept:
            dossier.result_draft = kept["draft"]["fields"]
        bpmn_task.data.update(kept | computed(step))
        bpmn_task.run()
        reason = form.get("reason") or form.get("refusal_reason") or form.get("supplement_note") or ""
        reached = step.finish(
            "task_completed",
            from_step=task.task_name,
            reason=reason,
            result=str(form.get("decision") or form.get("proposal") or ""),
            after=form,
        )
        uow.commit()
        return StepResult(dossier.code, dossier.version, tuple(reached))


@cache
def _task_read_statement() -> Select[Any]:
    """Built once (building it cost a step as much as running it); its parameters are the task's and actor's ids.
    The actor's roles come without their agencies and departments: permissions compare their ids."""
    return (
        step_read(TaskRow, User)
        .join(TaskRow, TaskRow.dossier_id == Dossier.id)
        .outerjoin(User, User.id == bindparam("actor_id"))
        .options(ROLE_IDS)
        .where(TaskRow.id == bindparam("task_id"))
    )


def _task_read(session: Session, task_id: int, actor_id: int) -> Row[Any]:
    """The open task, its dossier's step and the acting person with their roles, in one statement."""
    row = session.execute(_task_read_statement(), {"task_id": task_id, "actor_id": actor_id}).first()
    if row is None or row.TaskRow.state is not TaskState.OPEN:
        code = row.Dossier.code if row is not None else ""
        raise StepNotAvailable(dossier_code=code, action=N_("thực hiện bước này (đã xong hoặc bị hủy)"))
    if row.User is None:
        raise NotFound(what=N_("người dùng"))
    return row


def _check_documents(dossier: Dossier, form: dict[str, Any]) -> None:
    """Missing documents are chosen from this procedure's own list."""
    chosen = set(form.get("missing_documents", []))
    unknown = chosen - {document.id for document in dossier.procedure_version.documents} if chosen else set()
    if unknown:
        raise InvalidData({"missing_documents": N_("Giấy tờ cần bổ sung: có giấy tờ không thuộc thủ tục này.")})


def _check_send_backs(session: Session, dossier: Dossier, form: dict[str, Any]) -> None:
    """A dossier goes back at most MAX_SEND_BACKS times; past that a leader stops or refuses it instead."""
    if form.get("decision") != "send_back":
        return
    sent_back = session.scalar(
        select(func.count()).select_from(Event).where(Event.dossier_id == dossier.id, Event.result == "send_back")
    )
    if sent_back >= MAX_SEND_BACKS:
        raise InvalidData(
            {
                "decision": N_(
                    "Hồ sơ đã bị trả lại đến số lần tối đa cho một hồ sơ. "
                    "Hãy phê duyệt, đề nghị dừng xử lý hoặc từ chối hồ sơ."
                )
            }
        )
