"""Start, load and save workflow instances; the next timer's moment is kept in an indexed column."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.util.task import TaskState

from engine.models import ProcessDefinition, WorkflowInstance
from engine.workflow.definitions import parsed
from engine.workflow.scripting import DossierScriptEngine
from engine.workflow.serializer import WorkflowSerializer
from engine.workflow.timers import timers_of

serializer = WorkflowSerializer()


def start(definition: ProcessDefinition, data: dict[str, Any], engine: DossierScriptEngine) -> BpmnWorkflow:
    """A new workflow of this deployed version, its start event given `data`, run up to its first waits."""
    process = parsed(definition)
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=engine)
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(data)
    workflow.do_engine_steps()
    return workflow


def find_task(workflow: BpmnWorkflow, task_guid: str) -> Any:
    """The task with this id, or None when the diagram no longer has it."""
    try:
        return workflow.get_task_from_id(UUID(task_guid))
    except TaskNotFoundException:
        return None


def load(row: WorkflowInstance, engine: DossierScriptEngine) -> BpmnWorkflow:
    return serializer.loads(row.state, parsed(row.process_definition), engine)


def save(row: WorkflowInstance, workflow: BpmnWorkflow, at: datetime) -> None:
    """Write the state and what the scheduler and reports need without deserializing it."""
    row.state = serializer.dumps(workflow)
    row.serializer_version = serializer.version
    row.next_timer_at = next_timer(workflow)
    row.completed = workflow.is_completed()
    row.updated_at = at


def next_timer(workflow: BpmnWorkflow) -> datetime | None:
    """The earliest moment a waiting timer of this workflow will fire."""
    moments = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        for timer in timers_of(task.task_spec):
            value = task._get_internal_data("event_value") or workflow.script_engine.evaluate(task, timer.expression)
            moments.append(TimerEventDefinition.parse_time_or_duration(value))
    return min(moments, default=None)
