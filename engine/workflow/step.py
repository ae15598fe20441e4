"""A workflow step: the instance opened (from the cache or its row), run on, effects applied, saved; shared by every
subject a diagram moves (dossiers, public questions, portal content)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self, TypeVar

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from engine.audit import append_event
from engine.errors import DomainError, NotFound
from engine.models import ContentItem, Dossier, Question, User, WorkflowInstance
from engine.runtime import Runtime
from engine.uow import write_changes
from engine.workflow import instances
from engine.workflow.behaviours import behaviour_of
from engine.workflow.projection import sync_tasks
from engine.workflow.scripting import DossierScriptEngine
from sla.calendar import WorkingCalendar

T = TypeVar("T", Dossier, Question, ContentItem)


@dataclass
class WorkflowStep:
    """What every step holds: the workflow loaded, the moment and the actor fixed for the whole step."""

    runtime: Runtime
    session: Session
    instance: WorkflowInstance
    workflow: BpmnWorkflow
    calendar: WorkingCalendar
    at: datetime
    actor: User | None
    finished_before: set[str] = field(default_factory=set, kw_only=True)
    ready_before: set[str] | None = field(default=None, kw_only=True)  # the user tasks open when it was opened

    @classmethod
    def opened(
        cls,
        runtime: Runtime,
        session: Session,
        instance: WorkflowInstance,
        actor: User | None,
        subject: Any,
        calendar_stamp: str | None = None,
    ) -> Self:
        """The step of `subject` (the dossier or question its subclass moves), its workflow opened now;
        `calendar_stamp`, read with the subject, spares reading the calendar's overrides."""
        calendar = runtime.calendar(session, calendar_stamp)
        workflow = open_workflow(runtime, instance, calendar)
        at = runtime.clock.now()
        finished_before, ready_before = finished_and_ready(workflow)
        return cls(
            runtime,
            session,
            instance,
            workflow,
            calendar,
            at,
            actor,
            subject,
            finished_before=finished_before,
            ready_before=ready_before,
        )

    def task(self, task_guid: str) -> Any:
        """The READY user task behind a projection row, or None."""
        return ready_task(self.workflow, task_guid)

    def run_on(self, effects: Mapping[str, Callable[[Any, dict[str, Any]], None]]) -> list[Any]:
        """Run the diagram's engine steps and apply, in the order they finished, the effect of the behaviour of every
        element finished in this step; then save the workflow (unflushed: see `written`). Returns those tasks."""
        reached = run_on(self.workflow, self.finished_before)
        for task in reached:
            effect = effects.get(behaviour_of(task.task_spec))
            if effect is not None:
                effect(self, task.data)
        save_workflow(self.runtime, self.session, self.instance, self.workflow, self.at)
        return reached

    def finish_on(
        self,
        effects: Mapping[str, Callable[[Any, dict[str, Any]], None]],
        subject: Question | ContentItem,
        new_row: Callable[[Any], Any],
        action: str,
        *,
        from_step: str,
        reason: str,
        **event: Any,
    ) -> None:
        """The end of a question's or a portal item's step: run on, bring every task row in line with the workflow
        (`new_row` gives the columns of one for a task just reached), stamp the subject and append the event naming
        it."""
        self.run_on(effects)
        subject.updated_at = self.at
        self.written()
        opened = sync_tasks(
            self.session, self.instance, self.workflow, self.at, self.actor.id if self.actor else None, new_row
        )
        append_event(
            self.session,
            action,
            self.at,
            actor=self.actor,
            from_step=from_step,
            to_step=", ".join(row["task_name"] for row in opened),
            result=subject.status.value,
            reason=reason,
            **event,
        )

    def written(self) -> None:
        """The instance's new state in one UPDATE that compares its version (so a step another one overtook writes
        nothing more), then one flush of what the effects added; the task rows and the step's event follow as plain
        INSERT and UPDATE statements."""
        write_changes(self.session, self.instance)
        self.session.flush()


def take(session: Session, model: type[T], code: str, expected_version: int, what: str, changed: DomainError) -> T:
    """Compare-and-set on the row's version: the row, refreshed, when this step took it. A row that is gone is
    NotFound(`what`); one that moved on raises `changed`. RETURNING with populate_existing: a copy loaded earlier
    in the session shows the new version."""
    row = session.scalars(
        update(model)
        .where(model.code == code, model.version == expected_version)
        .values(version=model.version + 1)
        .returning(model),
        execution_options={"populate_existing": True, "synchronize_session": False},
    ).one_or_none()
    if row is not None:
        return row
    if not session.scalar(select(exists().where(model.code == code))):
        raise NotFound(what=what)
    raise changed


def open_workflow(runtime: Runtime, instance: WorkflowInstance, calendar: WorkingCalendar) -> BpmnWorkflow:
    """The instance's workflow, from memory when it holds the committed version, else read from the row; it runs
    with this step's clock and calendar."""
    engine = DossierScriptEngine(runtime.clock, calendar)
    workflow = runtime.workflows.take(instance.id, instance.version)
    if workflow is None:
        return instances.load(instance, engine)
    workflow.script_engine = engine
    return workflow


def save_workflow(
    runtime: Runtime, session: Session, instance: WorkflowInstance, workflow: BpmnWorkflow, at: datetime
) -> None:
    """Write the state to the row (the step's one flush sends it); the workflow goes back to memory once the step's
    transaction commits."""
    instances.save(instance, workflow, at)
    runtime.workflows.keep_after_commit(session, instance, workflow)


def finished_and_ready(workflow: BpmnWorkflow) -> tuple[set[str], set[str]]:
    """The ids of the tasks completed so far, and of the READY user tasks (those the projection shows open while
    this state is committed), in one walk of the task tree."""
    finished: set[str] = set()
    ready: set[str] = set()
    for task in workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY):
        if task.state == TaskState.COMPLETED:
            finished.add(str(task.id))
        elif task.task_spec.manual:
            ready.add(str(task.id))
    return finished, ready


def ready_task(workflow: BpmnWorkflow, task_guid: str) -> Any:
    """The READY task with this id, or None."""
    task = instances.find_task(workflow, task_guid)
    return task if task is not None and task.state == TaskState.READY else None


def run_on(workflow: BpmnWorkflow, finished_before: set[str]) -> list[Any]:
    """Run the diagram's engine steps; the tasks completed since `finished_before`, in the order they finished."""
    workflow.do_engine_steps()
    reached = [t for t in workflow.get_tasks(state=TaskState.COMPLETED) if str(t.id) not in finished_before]
    return sorted(reached, key=lambda t: t.last_state_change)
