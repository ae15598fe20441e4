"""What the runtime relies on in every shipped diagram: lanes are roles, user tasks have forms, ids are stable."""

from __future__ import annotations

import pytest

from forms.validation import form_names
from tests.unit.workflows.driver import parsed
from workflows import DIAGRAMS_DIR

ROLES = {"reception_clerk", "specialist", "department_leader", "agency_leader", "qa_editor"}
DIAGRAMS = sorted(p.stem for p in DIAGRAMS_DIR.glob("*.bpmn"))
MILESTONES = {
    "dossier_submitted",
    "supplement_requested",
    "refused_at_reception",
    "dossier_received",
    "hand_over",
    "handover_late",
    "supplement_requested_after_review",
    "refused_after_review",
    "decision_signed",
    "result_returned",
    "apology_approved",
    "dossier_stopped",
    "dossier_withdrawn",
}


def task_specs(process_id: str):
    spec, subprocess_specs = parsed(process_id)
    for s in (spec, *subprocess_specs.values()):
        yield from s.task_specs.values()


def test_both_diagrams_are_shipped():
    assert {"one_stop", "lien_thong"} <= set(DIAGRAMS)


@pytest.mark.parametrize("process_id", DIAGRAMS)
def test_every_user_task_has_a_role_lane_and_a_form(process_id):
    user_tasks = [t for t in task_specs(process_id) if t.manual]
    assert user_tasks
    for task in user_tasks:
        assert task.lane in ROLES, (task.bpmn_id, task.lane)
        assert task.bpmn_id in form_names(), task.bpmn_id


@pytest.mark.parametrize("process_id", ["one_stop", "lien_thong"])
def test_milestone_ids_are_present(process_id):
    assert {t.bpmn_id for t in task_specs(process_id)} >= MILESTONES


@pytest.mark.parametrize("process_id", ["one_stop", "lien_thong"])
def test_messages_are_the_agreed_names(process_id):
    names = {
        t.event_definition.name
        for t in task_specs(process_id)
        if type(getattr(t, "event_definition", None)).__name__ == "MessageEventDefinition"
    }
    assert names == {"supplement_received", "apology_requested", "stop_requested", "withdrawal_requested"}
