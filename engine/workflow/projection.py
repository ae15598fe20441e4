"""The task projection: after every step the open user tasks are mirrored into `tasks` rows for inboxes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Insert, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from engine.models import Agency, Department, Dossier, Role, TaskRow, WorkflowInstance
from engine.models import TaskState as RowState
from engine.workflow.behaviours import behaviour_of, task_budget, task_form, task_name_en, task_role
from engine.workflow.instances import find_task
from sla.calendar import WorkingCalendar
from sla.deadlines import Duration, TimeUnit

# A task without a working time of its own spends one of the catalog's `step_budgets`: by its role, or named here.
STEP_OF_BEHAVIOUR = {"return_result": "return"}
STEP_OF_ROLE = {
    Role.RECEPTION_CLERK: "reception",
    Role.SPECIALIST: "department",
    Role.DEPARTMENT_LEADER: "department",
    Role.AGENCY_LEADER: "leadership",
}


def refresh_tasks(
    session: Session,
    instance: WorkflowInstance,
    workflow: BpmnWorkflow,
    dossier: Dossier,
    calendar: WorkingCalendar,
    at: datetime,
    actor_id: int | None = None,
    open_before: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Open rows for new READY user tasks, close the rows of tasks that finished or were cancelled."""
    return sync_tasks(
        session,
        instance,
        workflow,
        at,
        actor_id,
        lambda task: _row(session, instance, dossier, task, calendar, at),
        open_before,
    )


def sync_tasks(
    session: Session,
    instance: WorkflowInstance,
    workflow: BpmnWorkflow,
    at: datetime,
    actor_id: int | None,
    new_row: Callable[[Any], dict[str, Any]],
    open_before: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Close the rows of tasks no longer READY; `new_row` gives the columns of the row of a task READY for the first
    time. Returns the rows opened.

    `open_before`, the tasks READY in the workflow as it was committed (the rows open now), spares reading the rows;
    the rows are closed and opened in one statement each, outside the unit of work's flush (the step's one flush
    has given the instance its id and compared the versions first).
    """
    ready = {str(task.id): task for task in workflow.get_tasks(state=TaskState.READY, manual=True)}
    if open_before is None:
        open_before = set(
            session.scalars(
                select(TaskRow.task_guid).where(TaskRow.instance_id == instance.id, TaskRow.state == RowState.OPEN)
            )
        )
    closing = [guid for guid in open_before if guid not in ready]
    finished = [guid for guid in closing if _finished(workflow, guid)]
    cancelled = [guid for guid in closing if guid not in finished]
    for state, guids, by in ((RowState.DONE, finished, actor_id), (RowState.CANCELLED, cancelled, None)):
        if guids:
            session.execute(_closing(), {"instance": instance.id, "guids": guids, "closed": state, "at": at, "by": by})
    opened = [new_row(task) for guid, task in ready.items() if guid not in open_before]
    if opened:
        session.execute(_opening(), opened)
    return opened


@cache
def _closing() -> Update:
    """The UPDATE that closes an instance's open rows of some tasks, built once (building it cost as much as running
    it); its parameters are `instance`, `guids`, the new state `closed`, `at` and `by`."""
    rows = TaskRow.__table__.c
    return (
        update(TaskRow.__table__)
        .where(
            rows.instance_id == bindparam("instance"),
            rows.state == RowState.OPEN,
            rows.task_guid.in_(bindparam("guids", expanding=True)),
        )
        .values(
            state=bindparam("closed", type_=rows.state.type),
            completed_at=bindparam("at", type_=rows.completed_at.type),
            completed_by_id=bindparam("by", type_=rows.completed_by_id.type),
        )
    )


@cache
def _opening() -> Insert:
    """The INSERT of new rows, built once; its parameters are the columns `open_row` gives."""
    return insert(TaskRow.__table__)


def _finished(workflow: BpmnWorkflow, task_guid: str) -> bool:
    task = find_task(workflow, task_guid)
    return task is not None and task.state == TaskState.COMPLETED


def _row(
    session: Session, instance: WorkflowInstance, dossier: Dossier, task: Any, calendar: WorkingCalendar, at: datetime
) -> dict[str, Any]:
    role = task_role(task.task_spec)
    agency_id, department_id = _unit(session, dossier, role, task.data.get("contributor"))
    row = open_row(instance, task, agency_id, at, _due(dossier, task, role, calendar, at), department_id)
    return {**row, "dossier_id": dossier.id}


def open_row(
    instance: WorkflowInstance,
    task: Any,
    agency_id: int,
    at: datetime,
    due_at: datetime | None,
    department_id: int | None = None,
) -> dict[str, Any]:
    """The columns of the open row of a READY user task, worked by its role in that agency (and department), named
    as drawn."""
    return {
        "instance_id": instance.id,
        "dossier_id": None,
        "task_guid": str(task.id),
        **_as_drawn(task.task_spec),
        "agency_id": agency_id,
        "department_id": department_id,
        "state": RowState.OPEN,
        "claimed_by_id": None,
        "created_at": at,
        "due_at": due_at,
    }


def _as_drawn(spec: Any) -> dict[str, Any]:
    """What a row takes from the task's element: its id, names, behaviour, form, lane and role."""
    return {
        "task_name": spec.bpmn_id,
        "title": spec.bpmn_name or spec.bpmn_id,
        "title_en": task_name_en(spec),
        "behaviour": behaviour_of(spec),
        "form": task_form(spec),
        "lane": spec.lane or "",
        "role": task_role(spec),
    }


def redraw_open_rows(session: Session, instance: WorkflowInstance, workflow: BpmnWorkflow) -> None:
    """After a migration, the open rows take the id, names and form of the element their task is now on (SpiffWorkflow
    aligns a renamed element by its place in the diagram; the task keeps its id)."""
    ready = {str(task.id): task for task in workflow.get_tasks(state=TaskState.READY, manual=True)}
    rows = session.scalars(select(TaskRow).where(TaskRow.instance_id == instance.id, TaskRow.state == RowState.OPEN))
    for row in rows:
        if row.task_guid in ready:
            for name, value in _as_drawn(ready[row.task_guid].task_spec).items():
                setattr(row, name, value)


def _unit(session: Session, dossier: Dossier, role: Role, contributor: dict[str, Any] | None) -> tuple[int, int | None]:
    """(agency, department) whose people work the task: reception, the resolving agency or a contributor."""
    if role is Role.RECEPTION_CLERK:
        return dossier.receiving_unit_id, None
    if contributor:
        agency = session.scalar(select(Agency).where(Agency.code == contributor["agency"]))
        department = session.scalar(
            select(Department).where(
                Department.agency_id == agency.id, Department.code == contributor.get("department")
            )
        )
        return agency.id, department.id if department and role is not Role.AGENCY_LEADER else None
    return dossier.resolving_agency_id, None if role is Role.AGENCY_LEADER else dossier.department_id


def _due(dossier: Dossier, task: Any, role: Role, calendar: WorkingCalendar, at: datetime) -> datetime | None:
    """When this task should be done: the handover deadline, a contributor's share, the step's own working time
    as drawn, or the catalog's budget for its role."""
    behaviour = behaviour_of(task.task_spec)
    if behaviour == "hand_over":
        return dossier.handover_due_at
    contributor = task.data.get("contributor")
    if contributor and contributor.get("due"):
        return datetime.fromisoformat(contributor["due"])
    budget = task_budget(task.task_spec)
    if budget is None:
        step = STEP_OF_BEHAVIOUR.get(behaviour, STEP_OF_ROLE[role])
        found = next((b for b in dossier.procedure_version.step_budgets if b["step"] == step), None)
        budget = Duration(found["amount"], found["unit"]) if found else None
    if budget is None:
        return None
    if budget.unit is TimeUnit.WORKING_HOURS:
        return calendar.add_working_hours(at, budget.amount)
    return calendar.add_working_days(at, budget.amount)
