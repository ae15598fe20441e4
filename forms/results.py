"""The decided content of a result document (nội dung kết quả) as fields of the form that proposes the result:
each procedure lists them in its catalog entry; they are asked for, and required, when the proposal is a result."""

from __future__ import annotations

import copy
from typing import Any

PREFIX = "result_"
PROPOSING_FIELD = "draft_summary"  # a form that drafts the result has it
_TYPES = {
    "text": {"type": "string", "minLength": 1, "maxLength": 500},
    "date": {"type": "string", "format": "date", "maxLength": 10},
    "integer": {"type": "integer", "minimum": 0},
    "money": {"type": "integer", "minimum": 0},
}


def proposes_result(schema: dict[str, Any]) -> bool:
    return PROPOSING_FIELD in schema.get("properties", {})


def asked(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields a result asks of the specialist: its decided content, and what names its subject (the company, the
    child) when no field of the content does, so that every document names it."""
    fields = list(result.get("fields", []))
    subject = result.get("subject", "")
    if subject and subject not in {field["name"] for field in fields}:
        fields.append({"name": subject, "title": result.get("subject_label") or subject, "from": subject})
    return fields


def with_result_fields(schema: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The form with the fields the procedure's result asks (named `result_<name>`), required when the proposal is a
    result; a form that drafts no result is returned as it is."""
    fields = asked(result)
    if not fields or not proposes_result(schema):
        return schema
    extended = copy.deepcopy(schema)
    for field in fields:
        extended["properties"][PREFIX + field["name"]] = {"title": field["title"], **_TYPES[field.get("type", "text")]}
    required = [PREFIX + field["name"] for field in fields if field.get("required", True)]
    condition = next(
        (rule for rule in extended.get("allOf", []) if PROPOSING_FIELD in rule.get("then", {}).get("required", [])),
        None,
    )
    if condition is None:
        extended["required"] = [*extended.get("required", []), *required]
    else:
        condition["then"]["required"] = [*condition["then"]["required"], *required]
    return extended


def subject_of(result: dict[str, Any], values: dict[str, Any]) -> tuple[str, str] | None:
    """(label, name) of what the document is about, from the decided content; None when it is the applicant."""
    value = values.get(result.get("subject", ""))
    return (result.get("subject_label", ""), str(value)) if value else None


def result_values(form: dict[str, Any]) -> dict[str, Any]:
    """The decided content in a completed form, by the catalog's field names."""
    return {name.removeprefix(PREFIX): value for name, value in form.items() if name.startswith(PREFIX)}


def prefilled(result: dict[str, Any], declaration: dict[str, Any]) -> dict[str, Any]:
    """The form's starting values: each asked field the declaration already answers."""
    return {PREFIX + f["name"]: declaration[f["from"]] for f in asked(result) if f.get("from") in declaration}
