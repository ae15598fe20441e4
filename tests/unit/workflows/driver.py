"""Drive a diagram on the bare SpiffWorkflow engine, the way the runtime does, for the diagram tests."""

from __future__ import annotations

from functools import cache
from typing import Any

from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from workflows import DIAGRAMS_DIR

FUTURE = "2099-12-31T17:00:00+07:00"
PAST = "2020-01-02T08:00:00+07:00"


@cache
def parsed(process_id: str) -> tuple[Any, dict[str, Any]]:
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(DIAGRAMS_DIR / f"{process_id}.bpmn"))
    return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)


class Run:
    """One workflow instance; the runtime's part (timer moments, form data under the task id) done by hand."""

    def __init__(self, process_id: str = "one_stop", **data: Any) -> None:
        spec, subprocess_specs = parsed(process_id)
        self.workflow = BpmnWorkflow(spec, subprocess_specs)
        self.workflow.data.update(data)
        self.workflow.get_next_task(state=TaskState.READY).data.update(data)
        self.workflow.do_engine_steps()

    def ready(self) -> list[str]:
        return sorted(t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.READY, manual=True))

    def complete(self, task_id: str, form: dict[str, Any] | None = None, **data: Any) -> Run:
        """Complete the first READY user task `task_id` with `form`, as the runtime merges it."""
        tasks = [
            t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == task_id
        ]
        assert tasks, f"{task_id} is not ready; ready: {self.ready()}"
        task = tasks[0]
        task.data.update(data)
        task.data[task_id] = form or {}
        task.run()
        self.workflow.do_engine_steps()
        return self

    def deliver(self, message: str) -> Run:
        assert message in {e.name for e in self.workflow.waiting_events()}, f"nothing waits for {message}"
        self.workflow.catch(BpmnEvent(MessageEventDefinition(message), {}))
        self.workflow.do_engine_steps()
        return self

    def refresh_timers(self) -> Run:
        self.workflow.refresh_timers()
        self.workflow.do_engine_steps()
        return self

    def waiting_for(self) -> set[str]:
        return {e.name for e in self.workflow.waiting_events()}

    def reached(self) -> list[str]:
        """Completed tasks with a bpmn id (milestones, user tasks, gateways), in the order they completed."""
        done = sorted(self.workflow.get_tasks(state=TaskState.COMPLETED), key=lambda t: t.last_state_change)
        return [t.task_spec.bpmn_id for t in done if t.task_spec.bpmn_id]

    def count(self, name: str) -> int:
        return self.reached().count(name)

    @property
    def completed(self) -> bool:
        return self.workflow.is_completed()

    def data(self) -> dict[str, Any]:
        done = sorted(self.workflow.get_tasks(state=TaskState.COMPLETED), key=lambda t: t.last_state_change)
        return done[-1].data


def received(run: Run, handover_due: str = FUTURE) -> Run:
    """Reception found the dossier complete; the runtime fixed the half-day handover moment."""
    return run.complete("check_completeness", {"decision": "complete"}, handover_due=handover_due)


def to_review(run: Run) -> Run:
    return received(run).complete("hand_over")


def signed(run: Run) -> Run:
    return run.complete("department_approval", {"decision": "approve"}).complete("sign", {"decision": "sign"})
