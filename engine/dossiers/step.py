"""The spine: one step moves one dossier in one transaction (load, run the diagram, save, project, audit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.dossiers.effects import EFFECTS
from engine.errors import Conflict
from engine.models import Dossier, User, WorkflowInstance
from engine.national_portal.messages import national_messages
from engine.operations.step_counts import count_step
from engine.runtime import Runtime
from engine.workflow.behaviours import behaviour_of
from engine.workflow.projection import refresh_tasks
from engine.workflow.step import WorkflowStep, take


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
        """Take the dossier by compare-and-set on its version: a stale or concurrent step is refused here."""
        dossier = take(
            session,
            Dossier,
            dossier_code,
            expected_version,
            f"hồ sơ {dossier_code}",
            Conflict(dossier_code=dossier_code),
        )
        instance = session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        return cls.opened(runtime, session, instance, actor, dossier)

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
        reached = self.run_on(EFFECTS)
        names = [t.task_spec.bpmn_id for t in reached if t.task_spec.bpmn_id]
        opened = refresh_tasks(
            self.session,
            self.instance,
            self.workflow,
            self.dossier,
            self.calendar,
            self.at,
            self.actor.id if self.actor else None,
        )
        self.dossier.updated_at = self.at
        record_event(
            self.session,
            action,
            self.at,
            actor=self.actor,
            dossier=self.dossier,
            from_step=from_step,
            to_step=", ".join(row.task_name for row in opened),
            result=result,
            reason=reason,
            after=after,
        )
        count_step(self.session, action)
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
        return names
