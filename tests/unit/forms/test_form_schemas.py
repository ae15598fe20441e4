"""Every form is a valid JSON Schema whose fields carry the Vietnamese titles that error messages show."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from forms.validation import UnknownForm, form_names, load_form

TASKS = {
    "check_completeness",
    "hand_over",
    "review",
    "approve_supplement",
    "approve_refusal",
    "department_approval",
    "sign",
    "return_result",
    "approve_apology",
    "approve_stop",
    "contribute",
    "integrate",
}


def test_every_user_task_has_a_form():
    assert form_names() >= TASKS


@pytest.mark.parametrize("name", sorted(TASKS))
def test_form_is_a_closed_schema_with_titles(name):
    schema = load_form(name)
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["title"] and isinstance(schema["required"], list)
    for field, prop in schema["properties"].items():
        assert prop.get("title"), field
        if prop.get("type") == "string" and "enum" not in prop:
            assert prop["maxLength"] <= 2000, field
        if "enum" in prop:
            assert len(prop["enumLabels"]) == len(prop["enum"]), field


def test_unknown_form_says_so_in_vietnamese():
    with pytest.raises(UnknownForm, match="Không có biểu mẫu"):
        load_form("no_such_task")
