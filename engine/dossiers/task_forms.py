"""A user task's form as its worker sees it: the form definition, with the decided content of the procedure's result
(its catalog `result.fields`) when the task drafts the result, prefilled from the applicant's declaration; the return
task starts from the return method the applicant chose."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.dossiers.drafts import declaration_of
from engine.models import Dossier, ProcedureVersion, TaskRow
from forms.results import prefilled, proposes_result, with_result_fields
from forms.validation import load_form


def task_form(task: TaskRow, version: ProcedureVersion | None) -> dict[str, Any]:
    schema = load_form(task.form)
    return with_result_fields(schema, version.result) if version is not None else schema


def starting_values(session: Session, task: TaskRow, dossier: Dossier) -> dict[str, Any]:
    """What the form shows before anyone types: the result drafted before (a send-back), else the declaration's;
    the return method the applicant chose, where the form asks how the result goes back."""
    schema = load_form(task.form)
    values: dict[str, Any] = {}
    if "return_method" in schema.get("properties", {}):
        values["return_method"] = dossier.return_method.value
    if proposes_result(schema):
        declaration = declaration_of(session, dossier)
        values |= prefilled(dossier.procedure_version.result, declaration.data if declaration else {})
        values |= {f"result_{name}": value for name, value in dossier.result_draft.items()}
    return values
