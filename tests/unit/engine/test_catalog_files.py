"""Catalog files are checked against their schema; problems name the file and the field in Vietnamese."""

from __future__ import annotations

import json
import shutil
import unicodedata

import pytest

from engine.catalog.procedures import SCHEMA_FILE, CatalogInvalid, read_catalog
from workflows import PROCEDURES_DIR


def test_every_shipped_procedure_is_valid():
    entries = read_catalog()
    assert len(entries) >= 5
    assert len({e.data["code"] for e in entries}) == len(entries)


def test_every_step_budget_adds_up_to_the_statutory_time():
    for entry in read_catalog():
        general = next(t for t in entry.data["times"] if not t.get("channel") and not t.get("condition"))
        total = sum(b["amount"] for b in entry.data["step_budgets"])
        expected = 8 if general["amount"] == 0 else general["amount"]  # "within the day": one day of hours
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
