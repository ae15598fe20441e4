"""Moving a running workflow to another deployed version of its diagram, with SpiffWorkflow's own diff and migration:
tasks are matched by element id; a workflow whose current task is gone in the target cannot move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from engine.workflow.instances import serializer
from engine.workflow.serializer import ParsedProcess

CURRENT = TaskState.READY | TaskState.WAITING


@dataclass
class VersionDiff:
    """The specs of one version aligned with another's, computed once for every workflow that moves between them."""

    source: ParsedProcess
    target: ParsedProcess

    def __post_init__(self) -> None:
        registry = serializer.registry
        self.top = SpecDiff(registry, self.source.spec, self.target.spec)
        self.subprocesses = {
            name: SpecDiff(registry, spec, self.target.subprocess_specs[name])
            for name, spec in self.source.subprocess_specs.items()
            if name in self.target.subprocess_specs
        }

    def gone(self, workflow: BpmnWorkflow) -> list[Any]:
        """The task specs the workflow is at (ready or waiting) that the target does not have."""
        missing = [t.task_spec for t in WorkflowDiff(workflow, self.top).removed if t.state & CURRENT]
        for subprocess in workflow.subprocesses.values():
            diff = self.subprocesses.get(subprocess.spec.name)
            if diff is None:
                missing += [t.task_spec for t in subprocess.get_tasks(state=CURRENT)]
            else:
                missing += [t.task_spec for t in WorkflowDiff(subprocess, diff).removed if t.state & CURRENT]
        return missing

    def migrate(self, workflow: BpmnWorkflow) -> None:
        """Put the workflow on the target's specs; its current tasks keep their ids, what follows is predicted anew."""
        migrate_workflow(WorkflowDiff(workflow, self.top), workflow, self.target.spec)
        for subprocess in workflow.subprocesses.values():
            name = subprocess.spec.name
            migrate_workflow(
                WorkflowDiff(subprocess, self.subprocesses[name]), subprocess, self.target.subprocess_specs[name]
            )
        workflow.subprocess_specs = self.target.subprocess_specs
