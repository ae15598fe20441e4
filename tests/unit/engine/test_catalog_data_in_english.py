"""Every shipped procedure, sector and demo unit has its English, and catalog data reads in the reader's language
with Vietnamese where the English is missing."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass

import pytest

from engine.catalog.procedures import SCHEMA_FILE, CatalogInvalid, read_catalog
from engine.demo import PROVINCE_FILE
from engine.languages import ENGLISH, VIETNAMESE, localized
from workflows import PROCEDURES_DIR

ENTRIES = [entry.data for entry in read_catalog()]


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["slug"] for entry in ENTRIES])
def test_every_shipped_procedure_names_itself_its_sector_documents_and_fees_in_english(entry):
    english = entry["en"]
    assert entry["name_en"] and entry["sector_en"] and english["handling_body"] and english["result_type"]
    assert len(english["legal_basis"]) == len(entry["legal_basis"])
    for part in ("documents", "fees"):
        assert len(english[part]) == len(entry[part])
        for vietnamese, translated in zip(entry[part], english[part], strict=True):
            assert translated["name"] and translated["name"] != vietnamese["name"]
            assert bool(translated.get("note")) == bool(vietnamese.get("note")), vietnamese["name"]


def test_one_sector_has_one_english_name():
    names: dict[str, set[str]] = {}
    for entry in ENTRIES:
        names.setdefault(entry["sector"], set()).add(entry["sector_en"])
    assert all(len(english) == 1 for english in names.values()), names
    assert names["Hộ tịch"] == {"Civil status"}


def test_every_demo_agency_and_department_has_an_english_name():
    province = json.loads(PROVINCE_FILE.read_text(encoding="utf-8"))
    units = [(a["name"], a.get("name_en")) for a in province["agencies"]]
    units += [(d["name"], d.get("name_en")) for a in province["agencies"] for d in a["departments"]]
    assert [name for name, english in units if not english] == []
    named = dict(units)
    assert named["Sở Tài chính"] == "Department of Finance"
    assert named["Trung tâm Phục vụ hành chính công tỉnh"] == "Provincial Public Administration Service Centre"


@dataclass
class _Unit:
    name: str
    name_en: str = ""


def test_english_is_read_where_given_and_vietnamese_otherwise():
    finance = _Unit("Sở Tài chính", "Department of Finance")
    assert localized(finance, "name", ENGLISH) == "Department of Finance"
    assert localized(finance, "name", VIETNAMESE) == "Sở Tài chính"
    assert localized(_Unit("Sở Nội vụ"), "name", ENGLISH) == "Sở Nội vụ"
    assert localized({"name_vi": "Đăng ký khai sinh", "name_en": ""}, "name", ENGLISH) == "Đăng ký khai sinh"
    assert localized({"procedure_vi": "Đăng ký kết hôn", "procedure_en": "Marriage registration"}, "procedure", ENGLISH)
    assert localized({"legal_basis": ["Luật Hộ tịch"], "legal_basis_en": []}, "legal_basis", ENGLISH) == [
        "Luật Hộ tịch"
    ]


def test_the_catalog_check_reads_english_fields_and_names_a_bad_one(tmp_path):
    shutil.copyfile(PROCEDURES_DIR / SCHEMA_FILE, tmp_path / SCHEMA_FILE)
    data = json.loads((PROCEDURES_DIR / "marriage_registration.json").read_text(encoding="utf-8"))
    (tmp_path / "marriage_registration.json").write_text(json.dumps(data), encoding="utf-8")
    assert read_catalog(tmp_path)[0].data["sector_en"] == "Civil status"
    data["sector_en"] = "C"
    data["en"]["documents"][0] = {"note": "An English note, the name left in Vietnamese"}
    (tmp_path / "marriage_registration.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogInvalid) as invalid:
        read_catalog(tmp_path)
    assert "sector_en" in str(invalid.value) and "en/documents" not in str(invalid.value)
