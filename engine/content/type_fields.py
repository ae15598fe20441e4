"""The own fields of the typed items: leaders' schedules (lịch công tác), budget disclosure (công khai ngân sách),
prices and fees (giá, phí, lệ phí), investment projects (dự án đầu tư), procurement notices (thông báo mua sắm
công, đấu thầu) and statistics publications (số liệu thống kê).

Each type's fields are declared once below; its JSON schema is built from them and checked with jsonschema, and each
broken field gets its own message. They are kept as one JSON value on the item (`content_items.fields`): search goes
through the item's folded text, which holds every value, so one accent-free `LIKE` serves every type on SQLite and
PostgreSQL alike, and a new field is no migration."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import jsonschema

from engine.errors import N_, Phrase
from engine.models import ContentType
from engine.text import nfc

MAX_ROWS = 60
WEEK = r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"


@dataclass(frozen=True)
class Field:
    """One field of a type: `kind` is text, long (a paragraph), date, time, moment (date and time), week, money
    (whole đồng), choice or rows (a table of `columns`); `english` offers a `<name>_en` beside it."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    english: bool = False
    columns: tuple[Field, ...] = ()

    def schema(self) -> dict[str, Any]:
        if self.kind == "rows":
            row = _object(self.columns)
            return {"type": "array", "minItems": 1 if self.required else 0, "maxItems": MAX_ROWS, "items": row}
        return KINDS[self.kind] | ({"enum": list(self.choices)} if self.choices else {})

    def rule(self) -> Phrase:
        """What the field must hold, said to the person who typed it."""
        if self.kind == "rows":
            return Phrase.of(N_("{label}: cần từ 1 đến {limit} dòng."), label=self.label, limit=MAX_ROWS)
        if self.choices:
            template = N_("{label}: chọn một giá trị trong danh sách.")
        elif self.required and self.kind in ("text", "long"):
            template = N_("{label}: bắt buộc nhập, tối đa {limit} ký tự.")
        else:
            template = RULES[self.kind]
        return Phrase.of(template, label=self.label, limit=LIMITS.get(self.kind, 0))


LIMITS = {"text": 255, "long": 4000}
KINDS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1, "maxLength": 255},
    "long": {"type": "string", "minLength": 1, "maxLength": 4000},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"},
    "moment": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$"},
    "week": {"type": "string", "pattern": WEEK},
    "year": {"type": "string", "pattern": r"^(19|20)\d{2}$"},
    "money": {"type": "integer", "minimum": 0, "maximum": 10**16},
}
RULES = {
    "text": N_("{label}: tối đa {limit} ký tự."),
    "long": N_("{label}: tối đa {limit} ký tự."),
    "date": N_("{label}: ngày không hợp lệ."),
    "time": N_("{label}: giờ không hợp lệ (giờ:phút)."),
    "moment": N_("{label}: ngày giờ không hợp lệ."),
    "week": N_("{label}: tuần không hợp lệ."),
    "year": N_("{label}: năm không hợp lệ."),
    "money": N_("{label}: số tiền (đồng) không hợp lệ."),
}

BUDGET_KINDS = ("estimate", "settlement", "report")  # dự toán, quyết toán, báo cáo tình hình thực hiện
PROCUREMENT_METHODS = ("open_bidding", "limited_bidding", "direct_appointment", "competitive_offer", "direct_purchase")
PROJECT_STATUSES = ("proposed", "approved", "in_progress", "completed", "suspended")

TYPE_FIELDS: dict[ContentType, tuple[Field, ...]] = {
    ContentType.SCHEDULE: (
        Field("week", N_("Tuần"), "week"),
        Field(
            "entries",
            N_("Lịch trong tuần"),
            "rows",
            columns=(
                Field("day", N_("Ngày"), "date"),
                Field("time", N_("Giờ"), "time"),
                Field("leader", N_("Lãnh đạo"), english=True),
                Field("content", N_("Nội dung"), "long", english=True),
                Field("place", N_("Địa điểm")),
                Field("participants", N_("Thành phần"), required=False),
            ),
        ),
    ),
    ContentType.BUDGET: (
        Field("fiscal_year", N_("Năm ngân sách"), "year"),
        Field("period", N_("Kỳ công khai")),
        Field("document_kind", N_("Loại báo cáo"), choices=BUDGET_KINDS),
    ),
    ContentType.PRICES: (
        Field("item", N_("Hàng hóa, dịch vụ, phí, lệ phí"), english=True),
        Field("unit", N_("Đơn vị tính")),
        Field("price", N_("Mức giá, mức thu (đồng)"), "money"),
        Field("effective_on", N_("Ngày áp dụng"), "date"),
        Field("deciding_document", N_("Văn bản quyết định")),
    ),
    ContentType.INVESTMENT: (
        Field("name", N_("Tên dự án"), english=True),
        Field("investor", N_("Chủ đầu tư")),
        Field("location", N_("Địa điểm")),
        Field("total_investment", N_("Tổng mức đầu tư (đồng)"), "money"),
        Field("funding_source", N_("Nguồn vốn")),
        Field("timeline", N_("Thời gian thực hiện")),
        Field("status", N_("Tình trạng"), choices=PROJECT_STATUSES),
        Field("decision_number", N_("Số quyết định")),
    ),
    ContentType.PROCUREMENT: (
        Field("package", N_("Tên gói thầu"), english=True),
        Field("procuring_entity", N_("Bên mời thầu")),
        Field("method", N_("Hình thức lựa chọn nhà thầu"), choices=PROCUREMENT_METHODS),
        Field("value_estimate", N_("Giá gói thầu (đồng)"), "money"),
        Field("closes_at", N_("Thời điểm đóng thầu"), "moment"),
        Field("results", N_("Kết quả lựa chọn nhà thầu"), "long", required=False),
    ),
    ContentType.STATISTICS: (
        Field("period", N_("Kỳ số liệu")),
        Field("domain", N_("Lĩnh vực thống kê"), english=True),
    ),
}
"""Every typed item's own fields, in the order its form and its page show them."""


def fields_of(content_type: ContentType) -> tuple[Field, ...]:
    return TYPE_FIELDS.get(content_type, ())


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    properties = {f.name: f.schema() for f in fields}
    properties |= {
        f"{f.name}_en": {"type": "string", "maxLength": LIMITS.get(f.kind, 255)} for f in fields if f.english
    }
    required = [f.name for f in fields if f.required]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


@cache
def validator(content_type: ContentType) -> jsonschema.Draft202012Validator:
    """The JSON schema of a type's fields, with formats (dates) checked."""
    return jsonschema.Draft202012Validator(_object(fields_of(content_type)), format_checker=jsonschema.FormatChecker())


def from_form(content_type: ContentType, form: Mapping[str, str]) -> dict[str, Any]:
    """A type's fields as a staff form posts them (`f-<name>`, table rows as `f-<name>-<row>-<column>`)."""
    values: dict[str, Any] = {}
    for f in fields_of(content_type):
        if f.kind != "rows":
            values |= {name: form.get(f"f-{name}", "") for name in _names(f)}
            continue
        rows = []
        for row in range(MAX_ROWS):
            cells = {name: form.get(f"f-{f.name}-{row}-{name}", "") for c in f.columns for name in _names(c)}
            if any(value.strip() for value in cells.values()):
                rows.append(cells)
        values[f.name] = rows
    return values


def to_form(content_type: ContentType, values: Mapping[str, Any]) -> dict[str, str]:
    """The fields as the staff form names them, table rows numbered from 0 without gaps."""
    form: dict[str, str] = {}
    for f in fields_of(content_type):
        if f.kind != "rows":
            form |= {f"f-{name}": str(values.get(name, "")) for name in _names(f)}
            continue
        for row, cells in enumerate(values.get(f.name, [])):
            form |= {f"f-{f.name}-{row}-{name}": str(value) for name, value in cells.items()}
    return form


def checked_fields(content_type: ContentType, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields cleaned (trimmed NFC text, amounts as whole đồng, empty optional fields left out) and, by form
    field name, what is wrong with them."""
    fields = fields_of(content_type)
    values = _cleaned(fields, raw)
    errors: dict[str, str] = {}
    for error in validator(content_type).iter_errors(values):
        path = list(error.absolute_path)
        if error.validator == "required":
            path.append(next(f for f in error.validator_value if f not in error.instance))
        if error.validator == "additionalProperties":
            continue
        key = "-".join(["f", *map(str, path[:3])])
        errors.setdefault(key, _field_at(fields, path).rule())
    if content_type is ContentType.SCHEDULE and "f-week" not in errors:
        _days_in_week(values, errors)
    return values, errors


def week_start(week: str) -> date:
    """The Monday of an ISO week written as YYYY-Www."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def _days_in_week(values: dict[str, Any], errors: dict[str, str]) -> None:
    """Each line's day falls in the schedule's week (which must exist: not every year has a week 53)."""
    try:
        monday = week_start(values["week"])
    except ValueError:
        errors["f-week"] = TYPE_FIELDS[ContentType.SCHEDULE][0].rule()
        return
    for row, entry in enumerate(values.get("entries", [])):
        key = f"f-entries-{row}-day"
        if key in errors or not isinstance(entry, Mapping):
            continue
        if not monday <= date.fromisoformat(entry["day"]) <= monday + timedelta(days=6):
            errors[key] = Phrase.of(N_("{label}: phải thuộc tuần đã chọn."), label=N_("Ngày"))


def _field_at(fields: tuple[Field, ...], path: list[Any]) -> Field:
    """The field a schema error's path names (a table's column for a path into a row)."""
    by_name = {f.name: f for f in fields} | {f"{f.name}_en": f for f in fields if f.english}
    found = by_name[path[0]]
    if found.kind == "rows" and len(path) >= 3:
        return _field_at(found.columns, path[2:])
    return found


def _names(f: Field) -> tuple[str, ...]:
    return (f.name, f"{f.name}_en") if f.english else (f.name,)


def _cleaned(fields: tuple[Field, ...], raw: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields:
        if f.kind == "rows":
            rows = raw.get(f.name) or []
            values[f.name] = [_cleaned(f.columns, row) if isinstance(row, Mapping) else row for row in rows]
            continue
        for name in _names(f):
            value = raw.get(name, "")
            value = nfc(value.strip()) if isinstance(value, str) else value
            if f.kind == "money" and isinstance(value, str) and re.fullmatch(r"\d{1,3}([., ]?\d{3})*", value):
                value = int(re.sub(r"\D", "", value))
            if value != "" or (f.required and name == f.name):
                values[name] = value
    return values


def words(content_type: ContentType, values: Mapping[str, Any]) -> list[str]:
    """Every text of the fields, for the folded search text."""
    found: list[str] = []
    for f in fields_of(content_type):
        if f.kind == "rows":
            found += [str(v) for row in values.get(f.name, []) for v in row.values()]
        else:
            found += [str(values[name]) for name in _names(f) if name in values]
    return found
