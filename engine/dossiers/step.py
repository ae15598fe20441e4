"""The spine: one step moves one dossier in one transaction (load, run the diagram, save, project, audit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from engine.audit import append_event
from engine.dossiers.effects import EFFECTS
from engine.errors import Conflict, NotFound
from engine.models import Dossier, ProcedureVersion, User, WorkflowInstance
from engine.models.dossiers import keep_counted_until, mark_for_sla_pass
from engine.national_portal.messages import national_messages
from engine.operations.step_counts import count_step
from engine.runtime import Runtime, calendar_stamp
from engine.uow import refuse_stale_writes, write_changes
from engine.workflow.behaviours import behaviour_of
from engine.workflow.projection import refresh_tasks
from engine.workflow.step import WorkflowStep


def step_read(*entities: Any) -> Select[Any]:
    """The dossier, its workflow instance, its procedure version and the calendar's stamp (`Runtime.calendar`) in
    one statement; `entities` are joined by the caller. The catalog entry the version was published from, which no
    step reads, stays in the database."""
    return (
        select(Dossier, WorkflowInstance, *entities, calendar_stamp().label("calendar_stamp"))
        .outerjoin(WorkflowInstance, WorkflowInstance.dossier_id == Dossier.id)
        .options(joinedload(Dossier.procedure_version).defer(ProcedureVersion.entry))
        .execution_options(populate_existing=True)
    )


@cache
def _dossier_read() -> Select[Any]:
    """`step_read` of the dossier with a code (the parameter `code`), built once."""
    return step_read().where(Dossier.code == bindparam("code"))


@dataclass(frozen=True)
class StepResult:
    """What a step did: the dossier's new version (for the next step) and the ids of the elements it passed."""

    dossier_code: str
    version: int
    reached: tuple[str, ...]


@dataclass
class Step(WorkflowStep):
    """A dossier being moved through its diagram; `pin` opens the acting leader's key when this step signs the result
    its task (`task_id`) showed."""

    dossier: Dossier
    pin: str = field(default="", kw_only=True, repr=False)
    task_id: int = field(default=0, kw_only=True)  # the task row being completed, when a user task moves it

    @classmethod
    def begin(
        cls, runtime: Runtime, session: Session, dossier_code: str, expected_version: int, actor: User | None
    ) -> Step:
        """The dossier read with what its step needs, in one statement; see `taken`."""
        row = session.execute(_dossier_read(), {"code": dossier_code}).one_or_none()
        if row is None:
            raise NotFound(what=f"hồ sơ {dossier_code}")
        return cls.taken(runtime, session, row, expected_version, actor)

    @classmethod
    def taken(
        cls, runtime: Runtime, session: Session, row: Row[Any], expected_version: int, actor: User | None
    ) -> Step:
        """The step of the dossier of a `step_read` row. A stale `expected_version` is refused here; a step that
        another one commits first is refused by the UPDATE that writes the new version where the row still has the
        one read, so nothing of it is written."""
        dossier = row.Dossier
        refusal = Conflict(dossier_code=dossier.code)
        if dossier.version != expected_version:
            raise refusal
        dossier.version = expected_version + 1
        refuse_stale_writes(session, refusal)
        return cls.opened(runtime, session, row.WorkflowInstance, actor, dossier, row.calendar_stamp or "")

    def written(self) -> None:
        """The dossier first, in one UPDATE that compares its version, with the moment it stops counting in reports and
        due for the next SLA pass when its deadlines or status moved; then the instance and the rest
        (`WorkflowStep.written`)."""
        keep_counted_until(self.session)
        mark_for_sla_pass(self.session)
        write_changes(self.session, self.dossier)
        super().written()

    def deliver(self, behaviour: str, *, key: str = "", data: dict[str, Any] | None = None) -> bool:
        """Deliver the request to the catch events that carry `behaviour`, whatever their message is called; `data`
        goes under `key` into the user tasks it makes ready.

        Returns False when nothing in the diagram waits for this request now.
        """
        waiting = [
            task
            for task in self.workflow.get_tasks(state=TaskState.WAITING)
            if behaviour_of(task.task_spec) == behaviour and hasattr(task.task_spec, "event_definition")
        ]
        if not waiting:
            return False
        before = {task.id for task in self.workflow.get_tasks(state=TaskState.READY, manual=True)}
        self.workflow.catch(BpmnEvent(MessageEventDefinition(waiting[0].task_spec.event_definition.name), {}))
        self.workflow.do_engine_steps()
        for ready in self.workflow.get_tasks(state=TaskState.READY, manual=True):
            if key and ready.id not in before:
                ready.data[key] = data or {}
        return True

    def finish(
        self,
        action: str,
        *,
        from_step: str = "",
        reason: str = "",
        result: str = "",
        after: dict[str, Any] | None = None,
    ) -> list[str]:
        """Run the diagram on, apply what it reached, save, refresh the projection and append the event.

        Returns the ids of the elements finished during this step, in order.
        """
        status_before = self.dossier.status
        self.dossier.updated_at = self.at
        reached = self.run_on(EFFECTS)
        names = [t.task_spec.bpmn_id for t in reached if t.task_spec.bpmn_id]
        self.session.add_all(
            national_messages(
                self.runtime.settings.national_portal,
                self.dossier,
                at=self.at,
                tz=self.runtime.tz,
                action=action,
                actor=self.actor,
                status_before=status_before,
                reason=reason,
            )
        )
        self.written()
        opened = refresh_tasks(
            self.session,
            self.instance,
            self.workflow,
            self.dossier,
            self.calendar,
            self.at,
            self.actor.id if self.actor else None,
            self.ready_before,
        )
        append_event(
            self.session,
            action,
            self.at,
            actor=self.actor,
            dossier=self.dossier,
            from_step=from_step,
            to_step=", ".join(row["task_name"] for row in opened),
            result=result,
            reason=reason,
            after=after,
        )
        count_step(self.session, action)
        return names
