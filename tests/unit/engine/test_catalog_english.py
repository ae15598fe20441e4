"""A procedure's English version pairs item by item with the Vietnamese one."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.catalog.procedures import SCHEMA_FILE, CatalogInvalid, read_catalog
from workflows import PROCEDURES_DIR


def test_procedures_foreigners_use_have_their_english_version():
    english = {e.data["slug"]: e.data["en"] for e in read_catalog() if "en" in e.data}
    assert {"company_registration_llc1", "certified_copy"} <= set(english)
    assert english["company_registration_llc1"]["result_type"] == "Enterprise registration certificate"


def test_an_english_list_that_does_not_pair_is_refused(tmp_path):
    shutil.copyfile(PROCEDURES_DIR / SCHEMA_FILE, tmp_path / SCHEMA_FILE)
    data = json.loads((PROCEDURES_DIR / "certified_copy.json").read_text())
    data["en"]["documents"].pop()
    (tmp_path / "certified_copy.json").write_text(json.dumps(data))
    with pytest.raises(CatalogInvalid) as invalid:
        read_catalog(tmp_path)
    assert "en/documents: cần 2 mục như bản tiếng Việt" in str(invalid.value)
