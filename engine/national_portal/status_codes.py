"""The national status code table (bảng mã trạng thái hồ sơ), read from `status_codes.json`: data, not code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from engine.models import DossierStatus

TABLE_FILE = Path(__file__).with_name("status_codes.json")


@dataclass(frozen=True)
class NationalStatus:
    code: int
    name: str


@dataclass(frozen=True)
class StatusTable:
    valid_from: date
    codes: dict[int, str]
    project: dict[DossierStatus, int]


@cache
def tables(path: Path = TABLE_FILE) -> tuple[StatusTable, ...]:
    """Every table, oldest first; each maps every project status to a code the table names."""
    found = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["tables"]:
        codes = {int(code): name for code, name in entry["codes"].items()}
        project = {DossierStatus[name]: code for name, code in entry["project"].items()}
        if set(project) != set(DossierStatus) or not set(project.values()) <= set(codes):
            raise ValueError(f"{path}: the table of {entry['valid_from']} must map every status to one of its codes")
        found.append(StatusTable(date.fromisoformat(entry["valid_from"]), codes, project))
    return tuple(sorted(found, key=lambda table: table.valid_from))


def national_status(status: DossierStatus, on: date) -> NationalStatus:
    """The national code and name of `status` under the table in force on `on` (the dossier's day of submission)."""
    table = next((t for t in reversed(tables()) if t.valid_from <= on), tables()[0])
    code = table.project[status]
    return NationalStatus(code, table.codes[code])
