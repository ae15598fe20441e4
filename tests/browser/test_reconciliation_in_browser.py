"""The finance officer finds the day's difference on the reconciliation page from the menu, is told in place that a
note is needed, and resolves it with one."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from engine.payments.national_platform import Transaction
from engine.payments.reconciliation import compare_day
from tests.browser.conftest import Shots, sign_in


def test_the_finance_officer_resolves_a_payment_missing_here(page: Page, shots: Shots, app, demo, clock) -> None:
    missing = Transaction("TT261123MISSING", "PG000123", 30_000, True, clock.now())
    compare_day(app.extensions["motcua"], date(2026, 11, 23), [missing])
    sign_in(page, "ketoan.ttpv")
    page.get_by_role("link", name="Đối soát thanh toán").first.click()
    row = page.locator("#open-differences tbody tr").filter(has_text="TT261123MISSING")
    expect(row).to_contain_text("Cổng thanh toán đã thu, hệ thống chưa ghi nhận")
    expect(row).to_contain_text("30.000")
    shots(page, "open")
    row.get_by_role("button", name="Đã xử lý").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Ghi chú xử lý: bắt buộc nhập")
    page.get_by_label("Ghi chú xử lý").fill("Giao dịch thử của ngân hàng, đã đối chiếu sao kê")
    page.get_by_role("button", name="Đã xử lý").click()
    expect(page.get_by_text("Không có chênh lệch nào cần xử lý.")).to_be_visible()
    expect(page.get_by_text("Giao dịch thử của ngân hàng, đã đối chiếu sao kê")).to_be_visible()
    shots(page, "resolved")
