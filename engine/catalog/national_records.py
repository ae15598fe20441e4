"""Procedure records of the national procedure database (CSDL quốc gia về thủ tục hành chính) read from its JSON
export and mapped to the catalog's fields; a record that cannot be mapped is refused with the field at fault."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from engine.catalog.procedures import SCHEMA_FILE
from engine.errors import N_, DomainError
from engine.text import nfc
from workflows import PROCEDURES_DIR

# The catalog fields the national database is the source of; the rest (diagram, budgets, result) are the province's.
IMPORTED = (
    "code",
    "name_vi",
    "sector",
    "implementing_level",
    "handling_body",
    "times",
    "fees",
    "documents",
    "legal_basis",
    "sources",
)
LEVELS = {"cấp tỉnh": "provincial_agency", "cấp xã": "commune", "ubnd cấp tỉnh": "province"}
CHANNELS = {"trực tiếp": "counter", "trực tuyến": "online", "dịch vụ bưu chính": None}
UNITS = {"ngày làm việc": "working_days", "giờ làm việc": "working_hours", "ngày": "calendar_days"}
DETAIL_PAGE = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={id}"


class ExportUnreadable(DomainError):
    code = "national_export_unreadable"
    message = N_("Tệp {file} không phải dữ liệu thủ tục xuất từ CSDL quốc gia: {problem}")


class RecordRefused(DomainError):
    code = "national_record_refused"
    message = N_("Trường {field}: {problem}")


@dataclass(frozen=True)
class NationalRecord:
    """One record of the export: its position, the code it claims (may be empty) and its raw fields."""

    position: int
    code: str
    raw: dict[str, Any]


def read_export(path: Path) -> list[NationalRecord]:
    """The records of an export file: `{"data": [...]}` as the national database answers, or a bare list."""
    try:
        content = nfc(json.loads(path.read_text(encoding="utf-8-sig")))  # spreadsheet tools write a BOM
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportUnreadable(file=path.name, problem=str(error)) from None
    records = content.get("data") if isinstance(content, dict) else content
    if not isinstance(records, list):
        raise ExportUnreadable(file=path.name, problem=N_("không có danh sách thủ tục (data)"))
    return [
        NationalRecord(i, str(r.get("MaTTHC", "")).strip() if isinstance(r, dict) else "", r)
        for i, r in enumerate(records, start=1)
    ]


def catalog_fields(record: NationalRecord) -> dict[str, Any]:
    """The record's values in the catalog's shape, checked against the catalog's own schema for those fields."""
    raw = record.raw
    if not isinstance(raw, dict):
        raise RecordRefused(field="(bản ghi)", problem=N_("không phải một đối tượng JSON"))
    methods = _list(raw, "CachThucThucHien")
    fields = {
        "code": record.code,
        "name_vi": _text(raw.get("TenTTHC")),
        "sector": _text(_first(raw.get("LinhVuc"), "TenLinhVuc")),
        "implementing_level": _level(raw),
        "handling_body": _text(_first(raw.get("CoQuanThucHien"), "TenCoQuan")),
        "times": _times(methods),
        "fees": _fees(methods),
        "documents": [_document(d) for d in _list(raw, "ThanhPhanHoSo")],
        "legal_basis": [_legal(d) for d in _list(raw, "CanCuPhapLy")],
        "sources": [DETAIL_PAGE.format(id=raw["ID"]) if raw.get("ID") else raw.get("DuongDan", "")],
    }
    error = jsonschema.exceptions.best_match(_validator().iter_errors(fields))
    if error is not None:
        raise RecordRefused(field="/".join(map(str, error.absolute_path)) or "(bản ghi)", problem=error.message)
    return fields


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((PROCEDURES_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))
    part = {
        "type": "object",
        "required": list(IMPORTED),
        "properties": {key: schema["properties"][key] for key in IMPORTED},
    }
    return jsonschema.Draft202012Validator(part, format_checker=jsonschema.FormatChecker())


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _first(value: Any, key: str) -> Any:
    """A name given as text, or as the first of a list of objects carrying it under `key`."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0].get(key)
    return value


def _list(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordRefused(field=key, problem=N_("phải là một danh sách các đối tượng"))
    return value


def _level(raw: dict[str, Any]) -> str:
    level = _text(_first(raw.get("CapThucHien"), "TenCap")).lower()
    if level not in LEVELS:
        raise RecordRefused(field="CapThucHien", problem=N_("cấp thực hiện không rõ (cần Cấp Tỉnh hoặc Cấp Xã)"))
    return LEVELS[level]


def _channel(method: dict[str, Any]) -> str | None:
    channel = _text(method.get("Kenh")).lower()
    if channel not in CHANNELS:
        raise RecordRefused(field="CachThucThucHien/Kenh", problem=N_("hình thức nộp không rõ"))
    return CHANNELS[channel]


def _times(methods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first channel's time is the general one; another channel gets its own row only where it differs."""
    rows: list[dict[str, Any]] = []
    for method in methods:
        unit = _text(method.get("DonViTinh")).lower()
        amount = method.get("ThoiGian")
        if unit not in UNITS or isinstance(amount, bool) or not isinstance(amount, int | float):
            raise RecordRefused(field="CachThucThucHien/ThoiGian", problem=N_("cần số và đơn vị thời gian"))
        row = {"amount": amount, "unit": UNITS[unit]}
        if not rows:
            rows.append(row)
        elif row != rows[0] and (channel := _channel(method)):
            rows.append({**row, "channel": channel})
    return rows


def _fees(methods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each fee once; a fee charged on one channel only says which."""
    found: dict[tuple[str, int | None], set[str | None]] = {}
    for method in methods:
        for fee in _list(method, "PhiLePhi"):
            name = _text(fee.get("MoTa")) or _text(fee.get("TenPhiLePhi"))
            found.setdefault((name, fee.get("SoTien")), set()).add(_channel(method))
    channels = {_channel(m) for m in methods}
    fees = []
    for (name, amount), on in found.items():
        fee: dict[str, Any] = {"name": name, "amount_vnd": amount}
        if on != channels and len(on) == 1 and None not in on:
            fee["channel"] = next(iter(on))
        fees.append(fee)
    return fees


def _document(paper: dict[str, Any]) -> dict[str, Any]:
    originals, copies = paper.get("SoBanChinh") or 0, paper.get("SoBanSao") or 0
    document: dict[str, Any] = {"name": _text(paper.get("TenGiayTo"))}
    if _text(paper.get("MauDon")):
        document["form"] = _text(paper.get("MauDon"))
    if originals and not copies:
        document |= {"kind": "original", "count": originals}
    elif copies and not originals:
        document |= {"kind": "copy", "count": copies}
    return document


def _legal(act: dict[str, Any]) -> str:
    number, title = _text(act.get("SoVanBan")), _text(act.get("TenVanBan"))
    return title if number in title else f"{title} số {number}".strip()
