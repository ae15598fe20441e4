"""Blank forms (mẫu đơn, tờ khai) to download from the catalog: a procedure's declaration form printed with a line
for each field, boxes for each choice, and the declarant's signature."""

from __future__ import annotations

from typing import Any

from engine.models import ProcedureDocument
from forms.validation import load_form
from reports.pdf import render_template_pdf


def blank_lines(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One printed line per field, in the form's order: its title, whether it must be filled, its choices."""
    required = set(schema.get("required", []))
    return [
        {
            "title": field["title"],
            "required": name in required,
            "choices": field.get("enumLabels", []),
            "date": field.get("format") == "date",
        }
        for name, field in schema["properties"].items()
        if not field.get("writeOnly")
    ]


def render_blank_form(document: ProcedureDocument, addressee: str) -> bytes:
    """The PDF of a catalog document's blank form, addressed to the body that resolves the procedure."""
    schema = load_form(document.blank)
    version = document.procedure_version
    return render_template_pdf(
        "documents/blank_form.html",
        title=document.name,
        form=document.form,
        procedure=version.name_vi,
        code=version.procedure.code,
        addressee=addressee,
        lines=blank_lines(schema),
    )
