"""What the runtime relies on in every shipped diagram: every element it acts on names its behaviour, user tasks
have a role and a form, ids are stable (running dossiers migrate by them)."""

from __future__ import annotations

import pytest

from engine.workflow.behaviours import ROLES, VOCABULARY, behaviour_of, subject_of, task_form, task_role
from engine.workflow.definitions import parse
from engine.workflow.elements import decode
from forms.validation import form_names
from workflows import DIAGRAMS_DIR

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
    yield from parse(process_id, decode((DIAGRAMS_DIR / f"{process_id}.bpmn").read_bytes())).task_specs()


def test_both_diagrams_are_shipped():
    assert {"one_stop", "lien_thong"} <= set(DIAGRAMS)


@pytest.mark.parametrize("process_id", DIAGRAMS)
def test_every_user_task_has_a_role_and_a_form(process_id):
    user_tasks = [t for t in task_specs(process_id) if t.manual]
    assert user_tasks
    for task in user_tasks:
        assert task_role(task) in ROLES[subject_of(process_id)], task.bpmn_id
        assert task_form(task) in form_names(), task.bpmn_id


@pytest.mark.parametrize(
    ("process_id", "left_out"),
    [("one_stop", {"contribute", "integrate"}), ("lien_thong", set()), ("question", set()), ("content", set())],
)
def test_the_shipped_diagrams_use_every_behaviour_of_their_subject(process_id, left_out):
    used = {behaviour_of(t) for t in task_specs(process_id)} - {""}
    subject = subject_of(process_id)
    assert used == {name for name, b in VOCABULARY.items() if b.subject is subject} - left_out


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
