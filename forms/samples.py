"""Valid sample answers to a form, generated from its JSON Schema, for dry runs of a diagram: the chosen values
are kept, every field the schema then requires gets the smallest value its rules accept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

SAMPLE_TEXT = "Nội dung chạy thử quy trình"


def choices(schema: Mapping[str, Any], field: str) -> list[Any]:
    """The values a field may take, when the schema lists them (enum or const); empty otherwise."""
    spec = schema.get("properties", {}).get(field, {})
    return list(spec.get("enum", [spec["const"]] if "const" in spec else []))


def sample(
    schema: Mapping[str, Any], chosen: Mapping[str, Any], known: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """An answer with the `chosen` values, and for each other required field the value `known` gives for its name
    (a PIN, a document id), else one made from its rules; dates fall after `today`."""
    answer = dict(chosen)
    for _ in range(4):  # conditions may require fields whose values bring further conditions
        missing = [name for name in _required(schema, answer) if name not in answer]
        if not missing:
            break
        for name in missing:
            spec = schema.get("properties", {}).get(name, {})
            answer[name] = known[name] if name in known else _value(spec, today)
    return answer


def _required(schema: Mapping[str, Any], answer: Mapping[str, Any]) -> list[str]:
    required = list(schema.get("required", []))
    for rule in [schema, *schema.get("allOf", [])]:
        if "if" not in rule:
            continue
        holds = Draft202012Validator(rule["if"]).is_valid(answer)
        branch = rule.get("then" if holds else "else", {})
        required += branch.get("required", [])
    return required


def _value(spec: Mapping[str, Any], today: date) -> Any:
    if "enum" in spec:
        return spec["enum"][0]
    if "const" in spec:
        return spec["const"]
    kind = spec.get("type")
    if kind == "string":
        if spec.get("format") == "date":
            return date.fromordinal(today.toordinal() + 7).isoformat()
        if spec.get("format") == "email":
            return "chay.thu@example.vn"
        text = SAMPLE_TEXT
        while len(text) < spec.get("minLength", 0):
            text += " " + SAMPLE_TEXT
        return text[: spec.get("maxLength", len(text))]
    if kind in ("integer", "number"):
        return spec.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return [_value(spec.get("items", {}), today)] * max(1, spec.get("minItems", 1))
    return SAMPLE_TEXT
