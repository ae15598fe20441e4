"""BPMN timers that read the injected clock instead of the real one, so tests move time without sleeping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition, TimerEventDefinition


class ClockedTimeDateEventDefinition(TimeDateEventDefinition):
    """A timeDate timer (an absolute ISO moment computed in working time) that asks the step's clock."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.parse_time_or_duration(event_value) <= my_task.workflow.script_engine.clock.now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


def use_injected_clock(task_specs: Iterable[Any]) -> None:
    """Replace every timeDate timer of the parsed task specs with one that reads the injected clock."""
    for task_spec in task_specs:
        definition = getattr(task_spec, "event_definition", None)
        if isinstance(definition, MultipleEventDefinition):
            definition.event_definitions = [_clocked(d) for d in definition.event_definitions]
        elif definition is not None:
            task_spec.event_definition = _clocked(definition)


def _clocked(definition: Any) -> Any:
    if type(definition) is not TimeDateEventDefinition:
        return definition
    return ClockedTimeDateEventDefinition(definition.name, definition.expression, description=definition.description)


def timers_of(task_spec: Any) -> list[TimerEventDefinition]:
    """The timers a task spec waits for (an event-based gateway waits for several)."""
    definition = getattr(task_spec, "event_definition", None)
    definitions = definition.event_definitions if isinstance(definition, MultipleEventDefinition) else [definition]
    return [d for d in definitions if isinstance(d, TimerEventDefinition)]
