"""The shared PDF renderer: A4 pages, Vietnamese text intact, fonts embedded."""

from __future__ import annotations

from reports.pdf import TEMPLATES, render_pdf
from tests.pdf_tools import pdf_fonts, pdf_info, pdf_text


def _pdf() -> bytes:
    header = TEMPLATES.get_template("national_header.html").render(
        agency="Ủy ban nhân dân phường An Hòa", parent="Tỉnh Thái An", number="12/GTN"
    )
    return render_pdf(f"<body>{header}<h1>Giấy tiếp nhận hồ sơ</h1><p>Nguyễn Thị Hoa — Đắk Lắk</p></body>")


def test_vietnamese_text_survives_into_the_pdf() -> None:
    text = pdf_text(_pdf())
    national = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    for phrase in (*national, "ỦY BAN NHÂN DÂN PHƯỜNG AN HÒA"):
        assert phrase in text
    assert "Số: 12/GTN" in text and "Nguyễn Thị Hoa — Đắk Lắk" in text


def test_pages_are_a4_and_every_font_is_embedded() -> None:
    pdf = _pdf()
    assert "595.276 x 841.89 pts (A4)" in pdf_info(pdf)
    fonts = pdf_fonts(pdf)
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert any("Liberation-Serif" in line for line in fonts)
