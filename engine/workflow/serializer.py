"""Workflow state as JSON that names its deployed spec instead of carrying a copy of it in every instance."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.workflow.elements import Diagram
from engine.workflow.scripting import DossierScriptEngine
from engine.workflow.timers import ClockedTimeDateEventDefinition


@dataclass(frozen=True)
class ParsedProcess:
    """A deployed diagram, parsed once: the process spec, the specs of its call activities, and the diagram as
    drawn (elements, flows, lanes) for the checks."""

    spec: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec]
    diagram: Diagram

    def task_specs(self) -> list[Any]:
        """Every task spec of the process and of its call activities."""
        return [
            task_spec for spec in (self.spec, *self.subprocess_specs.values()) for task_spec in spec.task_specs.values()
        ]


_RESTORING: ContextVar[ParsedProcess] = ContextVar("restoring")


class SpecReferenceConverter(BpmnWorkflowConverter):
    """Stores the process name only; on restore the spec comes from the parsed, cached deployment."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["spec"] = workflow.spec.name
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow:
        process = _RESTORING.get()
        if dct["spec"] != process.spec.name:
            raise ValueError(f"state of process {dct['spec']!r} restored with the spec of {process.spec.name!r}")
        # Objects that are not dictionaries pass through the registry's restore unchanged.
        return super().from_dict({**dct, "spec": process.spec, "subprocess_specs": process.subprocess_specs})


class WorkflowSerializer:
    """Dumps and loads workflow state; the format version goes on every stored row."""

    def __init__(self) -> None:
        config = {
            **SPIFF_CONFIG,
            BpmnWorkflow: SpecReferenceConverter,
            ClockedTimeDateEventDefinition: TimerConditionalEventDefinitionConverter,
        }
        self._serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))

    @property
    def version(self) -> str:
        return self._serializer.VERSION

    @property
    def registry(self) -> Any:
        """The converters of every spec and event class, which SpiffWorkflow's diff compares specs with."""
        return self._serializer.registry

    def dumps(self, workflow: BpmnWorkflow) -> str:
        return self._serializer.serialize_json(workflow)

    def loads(self, state: str, process: ParsedProcess, script_engine: DossierScriptEngine) -> BpmnWorkflow:
        token = _RESTORING.set(process)
        try:
            workflow = self._serializer.deserialize_json(state)
        finally:
            _RESTORING.reset(token)
        workflow.script_engine = script_engine
        return workflow
