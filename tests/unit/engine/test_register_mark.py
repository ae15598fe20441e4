"""The register's mark: Vietnamese text written over the first page in an embedded cut of the result's font."""

from __future__ import annotations

import io

import pytest

from engine.documents.mark_fonts import MissingGlyphs, mark_font
from engine.documents.marks import Mark, MarkLine, overlay_first_page
from reports.pdf import render_pdf
from reports.results import SERIF
from tests.pdf_tools import pdf_fonts, pdf_pages

DATE = "Thái An, ngày 05 tháng 12 năm 2026"


def _marked(document: bytes, mark: Mark) -> bytes:
    output = io.BytesIO()
    overlay_first_page(document, mark).write(output)
    return output.getvalue()


def test_the_mark_reads_as_text_beside_the_page_and_leaves_the_shown_bytes_first():
    shown = render_pdf("<p>Quyết định</p>")
    lines = (MarkLine("Số: 15/QĐ-UBND", 30, 46, 64, 7), MarkLine(DATE, 96, 46, 99, 7, italic=True))
    marked = _marked(shown, Mark(lines, 13, SERIF))
    assert marked.startswith(shown)
    assert f"Số: 15/QĐ-UBND {DATE}" in pdf_pages(marked)[0]
    added = [font for font in pdf_fonts(marked) if "+LiberationSerif" in font.split()[0]]  # WeasyPrint's: Liberation-
    assert len(added) == 2 and all(" yes yes yes " in font for font in added)  # embedded, a subset, Unicode mapped


def test_each_agency_letters_are_cut_once_whatever_the_number():
    first = mark_font(SERIF, False, "Số: 15/QĐ-UBND")
    assert mark_font(SERIF, False, "Số: 2026/QĐ-UBND") is first  # every digit is in the cut
    assert first.encoded("Đ") != first.encoded("D") and first.width("Số") > first.width("S")


def test_letters_no_face_holds_are_refused_rather_than_drawn_blank():
    with pytest.raises(MissingGlyphs):
        mark_font(("Liberation Serif",), False, "Số: 1/QĐ-𓀀")
