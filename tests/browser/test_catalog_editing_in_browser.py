"""Procedures kept in the browser: the administrator raises a fee from next Monday (today's version stays in force
until then, the public page shows both with their dates, and on Monday the new fee is the one in force); a procedure
manager of Sở Tài chính keeps its own procedure and is turned away from one of Sở Tư pháp."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in
from tests.integration.catalog.justice import justice_procedure

COMPANY = "2.001583"  # company registration (single-member LLC), resolved by Sở Tài chính


def _edit_fee(page: Page, amount: str, reason: str) -> None:
    page.locator('input[name="fees-0-amount_vnd"]').fill(amount)
    page.get_by_label("Lý do thay đổi (ghi vào nhật ký)").fill(reason)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".flash-info")).to_contain_text("Đã lưu bản nháp.")


def test_a_fee_published_from_next_monday_is_in_force_from_monday(page: Page, shots: Shots, app, demo, clock) -> None:
    sign_in(page, "quantri")
    page.get_by_role("link", name="Quản trị").click()
    page.get_by_role("navigation", name="Quản trị").get_by_role("link", name="Thủ tục hành chính").click()
    page.get_by_label("Tìm theo mã, tên hoặc lĩnh vực (có dấu hoặc không dấu)").fill("dang ky doanh nghiep")
    page.get_by_role("button", name="Tìm").click()
    listed = page.locator("table.procedures")
    expect(listed).to_contain_text("phiên bản 1, từ 01/07/2025")
    shots(page, "list")
    listed.get_by_role("link", name=COMPANY).click()
    expect(page.locator("[data-diagram]")).to_have_attribute("data-state", "ready")

    page.locator('input[name="fees-0-amount_vnd"]').fill("bảy lăm nghìn")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("#fees-0-amount_vnd-error")).to_contain_text("Số tiền: chỉ gồm chữ số")
    expect(page.locator("#reason-error")).to_contain_text("Lý do: bắt buộc nhập")
    shots(page, "refused")
    _edit_fee(page, "75.000", "Thông tư 47/2026/TT-BTC điều chỉnh lệ phí")
    expect(page.locator("#changed")).to_contain_text("phí, lệ phí")
    shots(page, "draft")

    page.get_by_label("Áp dụng từ ngày", exact=True).check()
    page.get_by_label("Ngày áp dụng").fill("2026-11-30")
    page.get_by_label("Lý do công bố (ghi vào nhật ký)").fill("Áp dụng từ thứ Hai tuần sau")
    page.get_by_role("button", name="Công bố phiên bản mới").click()
    expect(page.locator(".flash-info")).to_have_text("Đã công bố phiên bản 2, áp dụng từ ngày 30/11/2026.")
    versions = page.locator("#versions")
    expect(versions.locator("tr.upcoming")).to_contain_text("30/11/2026")
    expect(versions.locator("tr.in_force")).to_contain_text("01/07/2025")
    shots(page, "published")

    page.goto(f"/procedures/{COMPANY}")
    expect(page.locator("#fees")).to_contain_text("50.000 đ")
    upcoming = page.locator("#upcoming")
    expect(upcoming).to_contain_text("Từ ngày 30/11/2026: thủ tục áp dụng quy định mới")
    expect(upcoming).to_contain_text("75.000 đ")
    shots(page, "public-before-monday")

    clock.advance(timedelta(days=7))  # Monday 30/11/2026
    page.reload()
    expect(page.locator("#fees")).to_contain_text("75.000 đ")
    expect(page.locator("#upcoming")).to_have_count(0)
    expect(page.locator("dl.govuk-summary-list")).to_contain_text("30/11/2026")
    shots(page, "public-on-monday")
    page.goto(f"/admin/procedures/{COMPANY}")
    expect(page.locator("#versions tr.in_force")).to_contain_text("30/11/2026")


def test_a_procedure_manager_keeps_their_agencys_procedure_but_not_another_agencys(
    page: Page, shots: Shots, app, demo, clock
) -> None:
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        justice = justice_procedure(uow.session, clock.now())
        uow.commit()

    sign_in(page, "quanly.stc")
    page.get_by_role("link", name="Quản trị").click()
    nav = page.get_by_role("navigation", name="Quản trị")
    expect(nav.get_by_role("link")).to_have_text(["Thủ tục hành chính"])
    listed = page.locator("table.procedures")
    expect(listed).to_contain_text(COMPANY)
    expect(listed).not_to_contain_text(justice)
    shots(page, "managers-list")
    listed.get_by_role("link", name=COMPANY).click()
    _edit_fee(page, "60.000", "Đề xuất của Sở Tài chính")
    shots(page, "managers-draft")

    page.goto(f"/admin/procedures/{justice}")
    expect(page.get_by_role("heading", name="Không có quyền")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bạn không có quyền quản lý thủ tục này.")
    shots(page, "another-agency")
