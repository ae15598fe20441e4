"""The spine: one step moves one dossier in one transaction (load, run the diagram, save, project, audit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.dossiers.milestones import MILESTONES
from engine.errors import Conflict
from engine.models import Dossier, User, WorkflowInstance
from engine.runtime import Runtime
from engine.workflow.projection import refresh_tasks
from engine.workflow.step import WorkflowStep, take


@dataclass(frozen=True)
class StepResult:
    """What a step did: the dossier's new version (for the next step) and the tasks and milestones reached."""

    dossier_code: str
    version: int
    reached: tuple[str, ...]


@dataclass
class Step(WorkflowStep):
    """A dossier being moved through its diagram."""

    dossier: Dossier

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

    def deliver(self, message: str, *, task: str = "", key: str = "", data: dict[str, Any] | None = None) -> bool:
        """Deliver a BPMN message; `data` goes under `key` into the user task `task` the message makes ready.

        Returns False when nothing in the diagram waits for this message now.
        """
        if not any(event.name == message for event in self.workflow.waiting_events()):
            return False
        self.workflow.catch(BpmnEvent(MessageEventDefinition(message), {}))
        self.workflow.do_engine_steps()
        for ready in self.workflow.get_tasks(state=TaskState.READY, manual=True, spec_name=task):
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

        Returns the names of the tasks and milestones finished during this step, in order.
        """
        reached = self.run_on(MILESTONES)
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
        return names
