"""The behaviours vocabulary: what the engine does when a diagram reaches an element is named on the element by
its extension property `behaviour`, never read from its id. Documented in docs/procedures.md.

A user task's role comes from its candidate groups or a `role` property, else from its lane's name (lanes.py);
its form from `camunda:formKey`, a `form` property or SpiffWorkflow's `formJsonSchemaFilename`, else its
behaviour's own form. What is found is kept on each parsed task spec, so a running step reads it without the XML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition, TimerEventDefinition

from engine.models import Role
from engine.workflow.elements import Element
from engine.workflow.lanes import role_named
from sla.deadlines import Duration


class Kind(StrEnum):
    USER_TASK = "user_task"  # a person completes it with its form
    REACHED = "reached"  # a throw or end event: the engine acts when the diagram passes it
    MESSAGE = "message"  # a catch event, boundary event or receive task waiting for a request from outside
    TIMER = "timer"  # a timer event whose moment the engine computes


class Subject(StrEnum):
    DOSSIER = "dossier"
    QUESTION = "question"
    CONTENT = "content"


@dataclass(frozen=True)
class Behaviour:
    name: str
    kind: Kind
    subject: Subject
    roles: frozenset[Role] = frozenset()
    fields: tuple[str, ...] = ()  # what the engine reads from the form of a user task carrying it


_DOSSIER, _QUESTION, _CONTENT = Subject.DOSSIER, Subject.QUESTION, Subject.CONTENT
_CLERK = frozenset({Role.RECEPTION_CLERK})
_SPECIALISTS = frozenset({Role.SPECIALIST})
_LEADERS = frozenset({Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER})
_EDITORS = frozenset({Role.QA_EDITOR})
_AGENCY = frozenset({Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER})
_CONTRIBUTORS = frozenset({Role.CONTENT_CONTRIBUTOR})
_CONTENT_EDITORS = frozenset({Role.CONTENT_EDITOR})
_CHIEFS = frozenset({Role.EDITOR_IN_CHIEF})

VOCABULARY: dict[str, Behaviour] = {
    b.name: b
    for b in (
        Behaviour("check_completeness", Kind.USER_TASK, _DOSSIER, _CLERK),
        Behaviour("hand_over", Kind.USER_TASK, _DOSSIER, _CLERK),
        Behaviour("review", Kind.USER_TASK, _DOSSIER, _SPECIALISTS),
        Behaviour("department_approval", Kind.USER_TASK, _DOSSIER, _LEADERS),
        Behaviour("sign", Kind.USER_TASK, _DOSSIER, _LEADERS, ("pin",)),
        Behaviour("return_result", Kind.USER_TASK, _DOSSIER, _CLERK, ("return_method",)),
        Behaviour("approve_supplement", Kind.USER_TASK, _DOSSIER, _LEADERS),
        Behaviour("approve_refusal", Kind.USER_TASK, _DOSSIER, _LEADERS),
        Behaviour("approve_apology", Kind.USER_TASK, _DOSSIER, _LEADERS),
        Behaviour("approve_stop", Kind.USER_TASK, _DOSSIER, _LEADERS),
        Behaviour("contribute", Kind.USER_TASK, _DOSSIER, _AGENCY),
        Behaviour("integrate", Kind.USER_TASK, _DOSSIER, _SPECIALISTS),
        Behaviour("dossier_received", Kind.REACHED, _DOSSIER),
        Behaviour("supplement_requested", Kind.REACHED, _DOSSIER),
        Behaviour("handover_late", Kind.REACHED, _DOSSIER),
        Behaviour("refused_at_reception", Kind.REACHED, _DOSSIER),
        Behaviour("refused_after_review", Kind.REACHED, _DOSSIER),
        Behaviour("decision_signed", Kind.REACHED, _DOSSIER),
        Behaviour("result_returned", Kind.REACHED, _DOSSIER),
        Behaviour("apology_approved", Kind.REACHED, _DOSSIER),
        Behaviour("dossier_stopped", Kind.REACHED, _DOSSIER),
        Behaviour("dossier_withdrawn", Kind.REACHED, _DOSSIER),
        Behaviour("supplement_received", Kind.MESSAGE, _DOSSIER),
        Behaviour("apology_requested", Kind.MESSAGE, _DOSSIER),
        Behaviour("stop_requested", Kind.MESSAGE, _DOSSIER),
        Behaviour("withdrawal_requested", Kind.MESSAGE, _DOSSIER),
        Behaviour("handover_deadline", Kind.TIMER, _DOSSIER),
        Behaviour("classify_question", Kind.USER_TASK, _QUESTION, _EDITORS),
        Behaviour("answer_question", Kind.USER_TASK, _QUESTION, _AGENCY),
        Behaviour("review_answer", Kind.USER_TASK, _QUESTION, _EDITORS),
        Behaviour("question_routed", Kind.REACHED, _QUESTION),
        Behaviour("question_refused", Kind.REACHED, _QUESTION),
        Behaviour("question_out_of_scope", Kind.REACHED, _QUESTION),
        Behaviour("interim_replied", Kind.REACHED, _QUESTION),
        Behaviour("answer_sent_back", Kind.REACHED, _QUESTION),
        Behaviour("answer_sent", Kind.REACHED, _QUESTION),
        Behaviour("answer_published", Kind.REACHED, _QUESTION),
        Behaviour("edit_content", Kind.USER_TASK, _CONTENT, _CONTENT_EDITORS),
        Behaviour("approve_content", Kind.USER_TASK, _CONTENT, _CHIEFS),
        Behaviour("fix_content", Kind.USER_TASK, _CONTENT, _CONTRIBUTORS),
        Behaviour("content_sent_back", Kind.REACHED, _CONTENT),
        Behaviour("content_published", Kind.REACHED, _CONTENT),
    )
}

ROLES = {
    Subject.DOSSIER: frozenset({Role.RECEPTION_CLERK, Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER}),
    Subject.QUESTION: frozenset({Role.QA_EDITOR, Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER}),
    Subject.CONTENT: frozenset({Role.CONTENT_CONTRIBUTOR, Role.CONTENT_EDITOR, Role.EDITOR_IN_CHIEF}),
}
DATA_NAMES = {
    # What the engine keeps in a dossier's workflow data, for conditions, timers and scripts (docs/procedures.md).
    Subject.DOSSIER: frozenset(
        {
            "dossier",
            "received_at",
            "due_at",
            "handover_due",
            "contributors",
            "supplement",
            "refusal",
            "draft",
            "return_method",
            "apology",
            "stop",
        }
    ),
    Subject.QUESTION: frozenset({"question", "promised_at"}),
    Subject.CONTENT: frozenset({"content"}),
}
HANDOVER_DUE = "handover_due"  # the moment a handover_deadline timer fires at
QUESTION_PROCESS = "question"  # the process key of public questions; every other diagram moves dossiers
CONTENT_PROCESS = "content"  # the process key of the portal's editorial board (ban biên tập cổng)
_FACTS = "motcua"


@dataclass(frozen=True)
class Facts:
    """What the engine needs of one element at run time, found once when the diagram is parsed."""

    behaviour: str = ""
    role: Role | None = None
    form: str = ""
    name_en: str = ""
    budget: Duration | None = None

    def as_dict(self) -> dict[str, Any]:
        budget = [self.budget.amount, self.budget.unit.value] if self.budget else None
        return {
            "behaviour": self.behaviour,
            "role": self.role.value if self.role else "",
            "form": self.form,
            "name_en": self.name_en,
            "budget": budget,
        }


def facts_of(element: Element) -> Facts:
    """The element's behaviour, role, form, English name and time budget, as far as it names them."""
    return Facts(
        element.behaviour, role_of(element), form_of(element), element.properties.get("name_en", ""), budget_of(element)
    )


def role_of(element: Element) -> Role | None:
    """The one role its groups or `role` property name, else the role of its lane; None if none or several."""
    named = element.candidate_groups or tuple(filter(None, [element.properties.get("role", "")]))
    roles = {role_named(name) for name in named} if named else {role_named(element.lane)}
    return roles.pop() if len(roles) == 1 else None


def form_of(element: Element) -> str:
    """The form's name: the last part of a form key or file name, without its extension; else the behaviour's."""
    key = element.form_key or element.properties.get("form") or element.properties.get("formJsonSchemaFilename")
    if key:
        return re.sub(r"(-schema)?\.(json|form)$", "", re.split(r"[:/]", key)[-1])
    behaviour = VOCABULARY.get(element.behaviour)
    return behaviour.name if behaviour is not None and behaviour.kind is Kind.USER_TASK else ""


def budget_of(element: Element) -> Duration | None:
    """The working time of the step: a `working_time` property, or a Camunda due date written as a duration."""
    text = element.properties.get("working_time") or element.due_date
    try:
        return Duration.parse_working(text) if text else None
    except ValueError:
        return None


def subject_of(process_key: str) -> Subject:
    """What a diagram moves: public questions, portal content, or for every other process dossiers."""
    return {QUESTION_PROCESS: Subject.QUESTION, CONTENT_PROCESS: Subject.CONTENT}.get(process_key, Subject.DOSSIER)


def annotate(task_specs: Any, elements: dict[str, Element]) -> None:
    """Keep each element's facts on the task specs parsed from it; a handover_deadline timer fires at the
    handover deadline the engine computed, whatever moment the modeler wrote."""
    for task_spec in task_specs:
        element = elements.get(getattr(task_spec, "bpmn_id", None) or "")
        if element is None:
            continue
        task_spec.extensions = {**(getattr(task_spec, "extensions", None) or {}), _FACTS: facts_of(element).as_dict()}
        definition = getattr(task_spec, "event_definition", None)
        if element.behaviour == "handover_deadline" and isinstance(definition, TimerEventDefinition):
            task_spec.event_definition = TimeDateEventDefinition(definition.name, HANDOVER_DUE)


def _facts(task_spec: Any) -> dict[str, Any]:
    return (getattr(task_spec, "extensions", None) or {}).get(_FACTS, {})


def behaviour_of(task_spec: Any) -> str:
    return _facts(task_spec).get("behaviour", "")


def task_role(task_spec: Any) -> Role:
    return Role(_facts(task_spec)["role"])


def task_form(task_spec: Any) -> str:
    return _facts(task_spec).get("form", "")


def task_name_en(task_spec: Any) -> str:
    return _facts(task_spec).get("name_en", "")


def task_budget(task_spec: Any) -> Duration | None:
    budget = _facts(task_spec).get("budget")
    return Duration(budget[0], budget[1]) if budget else None
