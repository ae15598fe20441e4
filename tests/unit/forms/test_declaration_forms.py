"""Every catalog procedure has its declaration form, and a filled declaration is checked field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms.validation import coerce, load_form, validate

CATALOG = Path(__file__).resolve().parents[3] / "workflows" / "procedures"
SLUGS = sorted(p.stem for p in CATALOG.glob("*.json") if p.stem != "procedure.schema")


@pytest.mark.parametrize("slug", SLUGS)
def test_each_procedure_has_a_declaration_form_with_titles(slug):
    schema = load_form(f"declaration_{slug}")
    assert json.loads((CATALOG / f"{slug}.json").read_text())["slug"] == slug
    assert schema["additionalProperties"] is False and schema["required"]
    for name, field in schema["properties"].items():
        assert field["title"], name
        if "enum" in field:
            assert len(field["enumLabels"]) == len(field["enum"]), name


def test_a_declaration_gets_vietnamese_errors_by_field():
    errors = validate(
        "declaration_birth_registration",
        {"child_name": "Khôi", "child_sex": "other", "child_date_of_birth": "10/11/2026"},
    )
    assert errors["child_sex"] == "Giới tính: giá trị không hợp lệ."
    assert errors["child_date_of_birth"] == "Ngày, tháng, năm sinh: không đúng định dạng."
    assert errors["place_of_birth"] == "Nơi sinh: bắt buộc nhập."
    assert "child_name" not in errors


def test_posted_text_is_typed_as_the_schema_says():
    typed = coerce("declaration_certified_copy", {"pages": " 3 ", "copies": "hai", "document_title": "Bằng", "x": "1"})
    assert typed == {"pages": 3, "copies": "hai", "document_title": "Bằng"}
    assert validate("declaration_certified_copy", typed)["copies"] == "Số bản sao cần chứng thực: sai kiểu dữ liệu."
