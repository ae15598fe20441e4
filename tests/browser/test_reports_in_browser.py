"""A supervisor reads October's report, follows a number to its dossiers; anyone reads the public statistics."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in
from tests.known_dossiers import load_known_dossiers


def test_supervisor_report_and_public_statistics(page: Page, shots: Shots, app) -> None:
    load_known_dossiers(app.extensions["motcua"])
    page.goto("/statistics")
    expect(page.locator("h1")).to_contain_text("Thống kê tình hình giải quyết")
    expect(page.locator("svg.chart")).to_be_visible()
    shots(page, "statistics")
    sign_in(page, "giamsat")
    page.goto("/reports?period=month&year=2026&number=10")
    expect(page.locator("table.report-table")).to_contain_text("Ủy ban nhân dân phường An Hòa")
    expect(page.locator("svg.chart")).to_be_visible()
    shots(page, "report")
    row = page.locator("table.report-table tbody tr", has_text="An Hòa")
    row.locator("td").nth(7).get_by_role("link").click()  # resolved late
    expect(page.locator("h1")).to_contain_text("Giải quyết quá hạn: 1 hồ sơ")
    expect(page.get_by_text("000.01.10.H99-26A03")).to_be_visible()
    shots(page, "drill-down")
