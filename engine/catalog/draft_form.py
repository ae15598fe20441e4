"""A catalog entry as the editing form shows it, and back: every value a string as typed, every list a table of rows
named by their row in the form, so that a problem of the schema is said next to the input it comes from."""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from engine.catalog.procedures import entry_problems
from engine.errors import N_, DomainError
from engine.text import nfc, parse_int
from engine.workflow.problems import Problem

Row = dict[str, str]
LISTS = ("times", "fees", "documents")
TYPED = {  # what a person types in a row; a row with none of these is a blank row, left out
    "times": ("amount", "condition"),
    "fees": ("name", "amount_vnd", "note", "name_en", "note_en"),
    "documents": ("name", "count", "form", "note", "name_en", "note_en"),
}
TRANSLATED = ("name", "note")  # what a fee or document row has in English beside the Vietnamese
ENGLISH = {"fees": "fees", "documents": "documents"}  # lists whose rows have an English name in `en`
MAX_ROWS = 100
AMOUNT_VND = re.compile(r"[0-9]{1,3}([.,\s][0-9]{3})+|[0-9]+")


class DraftInvalid(DomainError):
    """What is wrong with an edited entry; `problems` maps each form field to its problem."""

    code = "procedure_draft_invalid"
    message = N_("Bản nháp thủ tục chưa hợp lệ: {count} chỗ cần sửa.")

    def __init__(self, problems: dict[str, Problem]) -> None:
        self.problems = problems
        super().__init__(count=len(problems))


@dataclass
class EntryForm:
    """The editable part of a catalog entry as the form holds it. A row's `row` names its inputs, `origin` is its
    index in the entry it was edited from (empty for a new row), so what the form does not show is kept."""

    times: list[Row] = field(default_factory=list)
    fees: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    legal_basis: str = ""
    result_type: str = ""
    result_valid_months: str = ""  # the result's validity (thời hạn hiệu lực) in months; empty: no end
    name_en: str = ""
    sector_en: str = ""
    handling_agency: str = ""  # an agency's code; empty: every commune resolves its own
    process_key: str = ""
    process_version: str = ""  # empty: the newest deployed version


def form_of(entry: dict[str, Any], spare: int = 2) -> EntryForm:
    """The form showing an entry, with `spare` blank rows under each table to add to it."""
    english = entry.get("en") or {}
    rows: dict[str, list[Row]] = {}
    for name in LISTS:
        items = entry.get(name, [])
        translated = english.get(ENGLISH.get(name, ""), [])
        rows[name] = [
            _row_of(name, item, translated[i] if i < len(translated) else {}) | {"row": str(i), "origin": str(i)}
            for i, item in enumerate(items)
        ] + [{"row": str(len(items) + i), "origin": ""} for i in range(spare)]
    version = entry.get("process_version")
    return EntryForm(
        times=rows["times"],
        fees=rows["fees"],
        documents=rows["documents"],
        legal_basis="\n".join(entry.get("legal_basis", [])),
        result_type=entry.get("result_type", ""),
        result_valid_months=str((entry.get("result") or {}).get("valid_months", "")),
        name_en=entry.get("name_en", ""),
        sector_en=entry.get("sector_en", ""),
        handling_agency=entry.get("handling_agency") or "",
        process_key=entry.get("process_key", ""),
        process_version="" if version is None else str(version),
    )


def _row_of(name: str, item: dict[str, Any], english: dict[str, Any]) -> Row:
    if name == "times":
        return {
            "amount": _number(item["amount"]),
            "unit": item["unit"],
            "channel": item.get("channel") or "",
            "condition": item.get("condition", ""),
        }
    if name == "fees":
        amount = item.get("amount_vnd")
        return {
            "name": item["name"],
            "amount_vnd": "" if amount is None else str(amount),
            "channel": item.get("channel") or "",
            "note": item.get("note", ""),
            **_english_row(english),
        }
    return {
        "name": item["name"],
        "kind": item.get("kind", ""),
        "count": str(item["count"]) if "count" in item else "",
        "form": item.get("form", ""),
        "required": "1" if item.get("required", True) else "",
        "note": item.get("note", ""),
        **_english_row(english),
    }


def _english_row(english: dict[str, Any]) -> Row:
    return {f"{key}_en": english.get(key, "") for key in TRANSLATED}


def _number(value: float) -> str:
    """A time as Vietnamese write it: 0,5 rather than 0.5."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def entry_from(
    base: dict[str, Any], form: EntryForm, validator: jsonschema.Draft202012Validator
) -> tuple[dict[str, Any], dict[str, Problem]]:
    """The entry `base` with the form's values, and every problem of it by form field (empty when it is valid)."""
    entry = copy.deepcopy(base)
    problems: dict[str, Problem] = {}
    kept: dict[str, list[str]] = {}  # for each list, the form row of each item the entry now has
    english = entry.get("en")
    if english is None and any(
        _text(row, f"{key}_en") for n in ENGLISH for row in getattr(form, n) for key in TRANSLATED
    ):
        english = entry["en"] = {}  # the first English typed starts the entry's English version
    for name in LISTS:
        rows = [row for row in getattr(form, name)[:MAX_ROWS] if any(_text(row, key) for key in TYPED[name])]
        rows = [row for row in rows if not row.get("remove")]
        kept[name] = [row.get("row", "") for row in rows]
        items, translated = [], []
        for row in rows:
            origin = _origin(row, base.get(name, []))
            item, english_item = _item(name, row, origin, base, problems)
            items.append(item)
            translated.append(english_item)
        entry[name] = items
        if english is not None and name in ENGLISH:
            english[ENGLISH[name]] = translated
        if english is not None and name == "times" and "time_conditions" in english:
            english["time_conditions"] = [
                _english_condition(base, row, item) for row, item in zip(rows, items, strict=True)
            ]
    _legal_basis(entry, base, form.legal_basis)
    entry["result_type"] = _clean(form.result_type)
    _valid_months(entry, _clean(form.result_valid_months), problems)
    _optional(entry, "name_en", _clean(form.name_en))
    _optional(entry, "sector_en", _clean(form.sector_en))
    entry["handling_agency"] = _clean(form.handling_agency) or None
    entry["process_key"] = _clean(form.process_key)
    version = _clean(form.process_version)
    entry.pop("process_version", None)
    if (number := parse_int(version)) is not None:
        entry["process_version"] = number
    elif version:
        problems["process_version"] = Problem(N_("Chọn một phiên bản đã triển khai của quy trình."))
    errors: dict[str, jsonschema.ValidationError] = {}
    for error in validator.iter_errors(entry):
        errors.setdefault("/".join(map(str, error.absolute_path)) or "(gốc)", error)
    for line in entry_problems(validator, entry):
        path, _sep, text = line.partition(": ")
        problems.setdefault(_field_of(path, kept), _said(errors.get(path), path, text))
    return entry, problems


def _valid_months(entry: dict[str, Any], text: str, problems: dict[str, Problem]) -> None:
    """The result's validity in months as typed; empty removes it (the result has no end)."""
    result = entry.get("result")
    if not isinstance(result, dict):
        if text:
            problems["result_valid_months"] = Problem(N_("Thủ tục chưa có kết quả để đặt thời hạn hiệu lực."))
        return
    months = parse_int(text, low=1, high=1200)
    if months is not None:
        result["valid_months"] = months
    elif text:
        problems["result_valid_months"] = Problem(N_("Thời hạn hiệu lực: nhập số tháng, từ 1 đến 1200."))
    else:
        result.pop("valid_months", None)


def _origin(row: Row, items: list[Any]) -> int | None:
    return parse_int(row.get("origin", ""), high=len(items) - 1)


def _item(
    name: str, row: Row, origin: int | None, base: dict[str, Any], problems: dict[str, Problem]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One item of a list from its row, keeping what the form does not show of the item it was edited from."""
    item = dict(base[name][origin]) if origin is not None else {}
    translated = base.get("en", {}).get(ENGLISH.get(name, ""), [])
    english = dict(translated[origin]) if origin is not None and origin < len(translated) else {}
    key = f"{name}-{row.get('row', '')}"
    if name == "times":
        item["amount"] = _amount(_text(row, "amount"), f"{key}-amount", problems)
        item["unit"] = _text(row, "unit")
        _optional(item, "channel", _text(row, "channel"))
        _optional(item, "condition", _text(row, "condition"))
        return item, english
    item["name"] = _text(row, "name")
    _optional(item, "note", _text(row, "note"))
    for part in TRANSLATED:
        _optional(english, part, _text(row, f"{part}_en"))
    if name == "fees":
        item["amount_vnd"] = _amount_vnd(_text(row, "amount_vnd"), f"{key}-amount_vnd", problems)
        _optional(item, "channel", _text(row, "channel"))
        return item, english
    _optional(item, "kind", _text(row, "kind"))
    _optional(item, "form", _text(row, "form"))
    count = _text(row, "count")
    item.pop("count", None)
    if (number := parse_int(count)) is not None:
        item["count"] = number
    elif count:
        problems[f"{key}-count"] = Problem(N_("Số lượng: nhập một số nguyên từ 1 đến 20."))
    if row.get("required"):
        if item.get("required") is False:
            item["required"] = True
    else:
        item["required"] = False
    return item, english


def _amount(text: str, key: str, problems: dict[str, Problem]) -> float | int:
    try:
        amount = float(text.replace(",", "."))
        if not math.isfinite(amount):  # "inf" and "nan" are floats to Python, not times
            raise ValueError(text)
    except ValueError:
        problems[key] = Problem(N_("Thời hạn: nhập một số, phần lẻ sau dấu phẩy (như 0,5)."))
        return 0
    return int(amount) if amount.is_integer() else amount


def _amount_vnd(text: str, key: str, problems: dict[str, Problem]) -> int | None:
    if not text:
        return None
    amount = parse_int(re.sub(r"[^0-9]", "", text)) if AMOUNT_VND.fullmatch(text) else None
    if amount is None:
        problems[key] = Problem(
            N_("Số tiền: chỉ gồm chữ số, tính bằng đồng (như 50.000); để trống nếu mức thu do nơi khác quy định.")
        )
    return amount


def _english_condition(base: dict[str, Any], row: Row, item: dict[str, Any]) -> str:
    """A time's condition in English, kept while its Vietnamese is unchanged; else the Vietnamese until translated."""
    origin = _origin(row, base.get("times", []))
    conditions = base.get("en", {}).get("time_conditions", [])
    if (
        origin is not None
        and origin < len(conditions)
        and base["times"][origin].get("condition", "") == item.get("condition", "")
    ):
        return conditions[origin]
    return item.get("condition", "")


def _legal_basis(entry: dict[str, Any], base: dict[str, Any], text: str) -> None:
    """One document a line; a line unchanged keeps its English, a new one shows its Vietnamese until translated."""
    lines = [line for line in (nfc(line.strip()) for line in text.splitlines()) if line]
    entry["legal_basis"] = lines
    english = entry.get("en")
    if english is not None and "legal_basis" in english:
        known = dict(zip(base.get("legal_basis", []), base.get("en", {}).get("legal_basis", []), strict=False))
        english["legal_basis"] = [known.get(line, line) for line in lines]


def _optional(item: dict[str, Any], key: str, value: str) -> None:
    if value:
        item[key] = value
    else:
        item.pop(key, None)


def _text(row: Row, key: str) -> str:
    return _clean(row.get(key, ""))


def _clean(value: str) -> str:
    return nfc(value.strip())


def _field_of(path: str, kept: dict[str, list[str]]) -> str:
    """The form field a problem's path (`fees/2/amount_vnd`, `en/documents/0/name`) stands for."""
    parts = path.split("/")
    english = parts[0] == "en" and len(parts) > 1
    if english:
        parts = parts[1:]
        parts[0] = {"time_conditions": "times"}.get(parts[0], parts[0])
    head = parts[0]
    if parts[:2] == ["result", "valid_months"]:
        return "result_valid_months"
    if head in LISTS:
        if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) >= len(kept[head]):
            return head
        row = kept[head][int(parts[1])]
        if english:
            translated = parts[2] if len(parts) > 2 and parts[2] in TRANSLATED else "name"
            return f"{head}-{row}-{translated}_en" if head in ENGLISH else head
        known = {"times": ("amount", "unit", "channel", "condition")}.get(head, TYPED[head] + ("channel", "kind"))
        return f"{head}-{row}-{parts[2] if len(parts) > 2 and parts[2] in known else 'name'}"
    if head in (
        "legal_basis",
        "result_type",
        "name_en",
        "sector_en",
        "handling_agency",
        "process_key",
        "process_version",
    ):
        return head
    return "form"


_KEYWORDS = {
    "minLength": N_("Cần ít nhất {limit} ký tự."),
    "maxLength": N_("Tối đa {limit} ký tự."),
    "minimum": N_("Không được nhỏ hơn {limit}."),
    "maximum": N_("Không được lớn hơn {limit}."),
    "exclusiveMinimum": N_("Phải lớn hơn {limit}."),
    "minItems": N_("Cần ít nhất {limit} mục."),
    "enum": N_("Chọn một giá trị trong danh sách."),
    "pattern": N_("Không đúng dạng quy định."),
    "format": N_("Không đúng định dạng."),
    "type": N_("Giá trị không đúng kiểu."),
    "required": N_("Thiếu mục bắt buộc: {limit}."),
}
_GENERAL_TIME = N_("Cần một dòng thời hạn chung: không chọn kênh nộp, không ghi điều kiện.")


def _said(error: jsonschema.ValidationError | None, path: str, text: str) -> Problem:
    """The schema's problem at `path` in the reader's words, by the keyword that failed and its limit; the entry's
    other problems (`text`, from `entry_problems`) are said in Vietnamese already."""
    if error is None:
        return Problem(text)
    if error.validator == "contains" and path == "times":
        return Problem(_GENERAL_TIME)
    if error.validator in _KEYWORDS:
        limit = error.validator_value
        if error.validator == "required":
            limit = ", ".join(name for name in limit if name not in error.instance)
        return Problem(_KEYWORDS[error.validator], {"limit": limit})
    return Problem(N_("Không hợp lệ: {detail}"), {"detail": error.message})
