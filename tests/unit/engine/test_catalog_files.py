"""Catalog files are checked against their schema; problems name the file and the field in Vietnamese."""

from __future__ import annotations

import json
import shutil
import unicodedata

import pytest

from engine.catalog.procedures import SCHEMA_FILE, CatalogInvalid, read_catalog
from engine.workflow.behaviours import task_budget
from engine.workflow.definitions import parse
from engine.workflow.elements import decode
from sla.deadlines import TimeUnit
from workflows import DIAGRAMS_DIR, PROCEDURES_DIR


def test_every_shipped_procedure_is_valid():
    entries = read_catalog()
    assert len(entries) >= 5
    assert len({e.data["code"] for e in entries}) == len(entries)


def test_every_step_budget_adds_up_to_the_statutory_time():
    """The catalog's budgets by role, or else the working times its diagram gives its own steps."""
    for entry in read_catalog():
        general = next(t for t in entry.data["times"] if not t.get("channel") and not t.get("condition"))
        if entry.data["step_budgets"]:
            total = sum(b["amount"] for b in entry.data["step_budgets"])
            expected = 8 if general["amount"] == 0 else general["amount"]  # "within the day": one day of hours
        else:
            key = entry.data["process_key"]
            process = parse(key, decode((DIAGRAMS_DIR / f"{key}.bpmn").read_bytes()))
            budgets = [task_budget(t) for t in process.task_specs() if t.manual and task_budget(t)]
            total = sum(b.amount / (8 if b.unit is TimeUnit.WORKING_HOURS else 1) for b in budgets)
            expected = general["amount"]
        assert total == expected, entry.data["slug"]


@pytest.fixture
def catalog_copy(tmp_path):
    shutil.copyfile(PROCEDURES_DIR / SCHEMA_FILE, tmp_path / SCHEMA_FILE)
    shutil.copyfile(PROCEDURES_DIR / "birth_registration.json", tmp_path / "birth_registration.json")
    return tmp_path


def test_a_broken_file_is_named_with_its_field(catalog_copy):
    path = catalog_copy / "birth_registration.json"
    data = json.loads(path.read_text())
    data["times"][0]["unit"] = "weeks"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogInvalid, match=r"birth_registration\.json: times/0/unit"):
        read_catalog(catalog_copy)


def test_the_slug_must_match_the_file_name(catalog_copy):
    (catalog_copy / "birth_registration.json").rename(catalog_copy / "khai_sinh.json")
    with pytest.raises(CatalogInvalid, match="slug phải trùng tên tệp"):
        read_catalog(catalog_copy)


def test_text_is_normalised_to_nfc(catalog_copy):
    path = catalog_copy / "birth_registration.json"
    data = json.loads(path.read_text())
    data["name_vi"] = unicodedata.normalize("NFD", data["name_vi"])
    path.write_text(json.dumps(data, ensure_ascii=False))
    (entry,) = read_catalog(catalog_copy)
    assert unicodedata.is_normalized("NFC", entry.data["name_vi"])
