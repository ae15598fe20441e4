"""Validate form data against the JSON Schema of its user task, with plain Vietnamese messages per field."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

FORMS_DIR = Path(__file__).parent
_WHOLE = re.compile(r"[0-9]{1,15}")  # ASCII digits only: int() of "²" fails, of 5,000 digits too

_MESSAGES = {
    "required": "bắt buộc nhập.",
    "enum": "giá trị không hợp lệ.",
    "const": "giá trị không hợp lệ.",
    "type": "sai kiểu dữ liệu.",
    "minItems": "chọn ít nhất {limit} mục.",
    "maxItems": "chọn tối đa {limit} mục.",
    "uniqueItems": "có mục bị trùng.",
    "minLength": "tối thiểu {limit} ký tự.",
    "maxLength": "tối đa {limit} ký tự.",
    "minimum": "không được nhỏ hơn {limit}.",
    "maximum": "không được lớn hơn {limit}.",
    "format": "không đúng định dạng.",
    "pattern": "không đúng định dạng.",
}


class UnknownForm(LookupError):
    """No form (biểu mẫu) is defined for this user task."""

    def __init__(self, task_name: str) -> None:
        super().__init__(f"Không có biểu mẫu cho bước xử lý '{task_name}'.")
        self.task_name = task_name


def form_names() -> set[str]:
    """The user tasks that have a form: one `<task id>.json` per task."""
    return {path.stem for path in FORMS_DIR.glob("*.json")}


@cache
def load_form(task_name: str) -> dict[str, Any]:
    """The JSON Schema of a user task's form."""
    path = FORMS_DIR / f"{task_name}.json"
    if task_name not in form_names() or not path.is_file():
        raise UnknownForm(task_name)
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(task_name: str) -> Draft202012Validator:
    return Draft202012Validator(load_form(task_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def clean(task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The submitted data with every string stripped and in Unicode NFC (TCVN 6909:2001)."""
    load_form(task_name)
    return _cleaned(data)


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = _normalise(dict(data))
    # An empty answer is no answer: "required" then names the field instead of a length rule.
    return {k: v for k, v in cleaned.items() if v not in ("", None)}


def validate(task_name: str, data: dict[str, Any]) -> dict[str, str]:
    """{field: Vietnamese message} for every invalid field, empty when the data is valid (after `clean`)."""
    return validate_against(load_form(task_name), data, _validator(task_name))


def validate_against(
    schema: dict[str, Any], data: dict[str, Any], validator: Draft202012Validator | None = None
) -> dict[str, str]:
    """`validate` for a form built at run time (a task's form with its procedure's own fields)."""
    validator = validator or Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors: dict[str, str] = {}
    for error in sorted(validator.iter_errors(_cleaned(data)), key=_order):
        for field, message in _describe(schema, error):
            errors.setdefault(field, message)
    return errors


def _order(error: ValidationError) -> tuple[int, str]:
    return (len(error.relative_path), str(error.validator))


def _describe(schema: dict[str, Any], error: ValidationError) -> list[tuple[str, str]]:
    properties = schema.get("properties", {})
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in properties] if isinstance(error.instance, dict) else []
        return [(k, f"Trường '{k}' không được phép.") for k in extra]
    if error.validator == "required":
        return [(field, _message(properties, field, "required", None)) for field in _missing(error)]
    field = str(error.absolute_path[0]) if error.absolute_path else ""
    return [(field, _message(properties, field, str(error.validator), error.validator_value))]


def _missing(error: ValidationError) -> list[str]:
    present = error.instance if isinstance(error.instance, dict) else {}
    return [field for field in error.validator_value if field not in present]


def _message(properties: dict[str, Any], field: str, kind: str, limit: Any) -> str:
    title = properties.get(field, {}).get("title", field) if field else "Biểu mẫu"
    text = _MESSAGES.get(kind, "giá trị không hợp lệ.")
    return f"{title}: {text.format(limit=limit)}"


def coerce(task_name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Values posted by an HTML form (all text) typed as the schema says: whole numbers become integers."""
    properties = load_form(task_name)["properties"]
    typed = {}
    for name, value in data.items():
        if name not in properties:
            continue
        if properties[name].get("type") == "integer" and isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
            value = int(value.strip())
        typed[name] = value
    return typed
