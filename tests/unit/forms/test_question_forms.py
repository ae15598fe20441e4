"""The Q&A task forms: closed schemas with titles, and the fields each decision requires."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from forms.validation import load_form, validate

FORMS = ("classify_question", "answer_question", "review_answer")


@pytest.mark.parametrize("name", FORMS)
def test_form_is_a_closed_schema_with_titles(name):
    schema = load_form(name)
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False and schema["title"]
    for field, prop in schema["properties"].items():
        assert prop["title"], field
        if "enum" in prop:
            assert len(prop["enumLabels"]) == len(prop["enum"])
        else:
            assert prop["maxLength"] <= 10000, field


@pytest.mark.parametrize(
    ("name", "data", "missing"),
    [
        ("classify_question", {"decision": "accept"}, {"agency", "topic"}),
        ("classify_question", {"decision": "complaint"}, {"reply"}),
        ("classify_question", {"decision": "out_of_scope"}, {"reply"}),
        ("answer_question", {"kind": "answer"}, {"answer"}),
        ("answer_question", {"kind": "interim"}, {"interim_reply", "promised_date"}),
        ("review_answer", {"decision": "rework"}, {"rework_note"}),
        ("review_answer", {"decision": "publish"}, {"public_title", "public_question", "public_answer"}),
        ("review_answer", {"decision": "send"}, set()),
    ],
)
def test_each_decision_requires_its_fields(name, data, missing):
    assert set(validate(name, data)) == missing


def test_a_promised_date_must_be_a_date():
    errors = validate(
        "answer_question", {"kind": "interim", "interim_reply": "Đang xin ý kiến.", "promised_date": "28/12"}
    )
    assert errors == {"promised_date": "Ngày hẹn trả lời: không đúng định dạng."}
