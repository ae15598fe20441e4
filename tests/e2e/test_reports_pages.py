"""The supervisor report pages: the table on the hand-built dossiers, drill-down, who may see what, exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from engine.models import Agency
from reports.snapshots import snapshot_closed_periods
from tests.e2e.conftest import sign_in
from tests.known_dossiers import load_known_dossiers
from tests.pdf_tools import pdf_text

OCTOBER = "/reports?period=month&year=2026&number=10"


@pytest.fixture
def known(app) -> None:
    load_known_dossiers(app.extensions["motcua"])


@pytest.fixture
def an_hoa(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(Agency.id).where(Agency.code == "000.01.10.H99"))


def test_the_supervisor_reads_the_province_and_drills_down(client, known, an_hoa):
    sign_in(client, "giamsat")
    page = client.get(OCTOBER).get_data(as_text=True)
    assert "Ủy ban nhân dân phường An Hòa" in page and "Sở Tư pháp" in page
    assert "83,3 %" in page  # 5 of the 6 dossiers resolved in October were early or on time
    assert "<svg" in page and "Trước hạn" in page
    overdue = f"/reports/dossiers?metric=in_progress_overdue&key={an_hoa}&period=month&year=2026&number=10"
    assert overdue.replace("&", "&amp;") in page
    listed = client.get(overdue).get_data(as_text=True)
    assert "000.01.10.H99-26A14" in listed and "000.01.10.H99-26A07" in listed
    assert "000.01.10.H99-26A08" not in listed


def test_an_agency_leader_sees_only_their_agency(client, known, an_hoa):
    sign_in(client, "lanhdao.stp")
    page = client.get(OCTOBER).get_data(as_text=True)
    assert "Sở Tư pháp" in page and "Ủy ban nhân dân phường An Hòa</th>" not in page
    assert client.get(f"{OCTOBER}&unit=a{an_hoa}").status_code == 403


@pytest.mark.parametrize("login", ["chuyenvien.stp", "motcua.anhoa", "nguyenvanan"])
def test_others_may_not_read_reports(client, known, login):
    sign_in(client, login)
    assert client.get(OCTOBER).status_code == 403


def test_exports_carry_the_same_numbers(client, known, an_hoa):
    sign_in(client, "giamsat")
    query = f"period=month&year=2026&number=10&unit=a{an_hoa}"
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/export.csv?{query}").get_data(as_text=True))))
    assert rows[0][0] == "\ufeffCơ quan" and rows[1][0] == "Ủy ban nhân dân phường An Hòa"
    assert rows[1][1:6] == ["10", "2", "4", "4", "5"] and rows[1][15] == "0.8"
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{query}").data)).active
    assert [c.value for c in sheet[4]][:6] == ["Ủy ban nhân dân phường An Hòa", 10, 2, 4, 4, 5]
    assert sheet.cell(4, 16).value == pytest.approx(0.8) and sheet.cell(4, 16).number_format == "0.0%"
    response = client.get(f"/reports/export.pdf?{query}")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ" in text.upper() and "Ủy ban nhân dân phường An Hòa" in text
    assert "Chưa có dữ liệu" in text and "Trước hạn" in text


def test_the_stored_periodic_reports_are_listed(app, client, known):
    snapshot_closed_periods(app.extensions["motcua"])
    sign_in(client, "giamsat")
    page = client.get(OCTOBER).get_data(as_text=True)
    assert "Báo cáo định kỳ đã chốt" in page and "01/10/2026 – 31/10/2026" in page
