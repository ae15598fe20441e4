"""The administrator opens a clerk's account, gives it the counter role, and records a day off, in a browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in


def test_administrator_opens_an_account_and_records_a_day_off(page: Page, shots: Shots, demo) -> None:
    sign_in(page, "quantri")
    page.get_by_role("link", name="Quản trị").click()
    expect(page.locator("h1")).to_have_text("Quản trị hệ thống")
    page.get_by_label("Tên đăng nhập", exact=True).fill("motcua.moi")
    page.get_by_label("Họ tên", exact=True).fill("Phan Thị Mới")
    page.get_by_label("Mật khẩu ban đầu (ít nhất 10 ký tự)").fill("ngan")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("alert")).to_contain_text("ít nhất 10 ký tự")
    shots(page, "refused")
    page.get_by_label("Mật khẩu ban đầu (ít nhất 10 ký tự)").fill("mat-khau-moi-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("link", name="Phan Thị Mới").click()
    page.get_by_label("Vai trò", exact=True).select_option("reception_clerk")
    page.get_by_label("Cơ quan", exact=True).select_option("000.01.10.H99")
    page.get_by_role("button", name="Giao vai trò").click()
    expect(page.get_by_role("status")).to_have_text("Đã giao vai trò.")
    expect(page.get_by_role("cell", name="Ủy ban nhân dân phường An Hòa")).to_be_visible()
    shots(page, "account")
    page.get_by_role("link", name="Lịch làm việc").click()
    page.get_by_label("Ngày", exact=True).fill("2026-12-31")
    page.get_by_label("Lý do (ví dụ: Thông báo số … về nghỉ Tết)").fill("Nghỉ cuối năm theo Quyết định của UBND tỉnh")
    page.get_by_role("button", name="Ghi điều chỉnh").click()
    expect(page.get_by_role("cell", name="Nghỉ cuối năm theo Quyết định của UBND tỉnh")).to_be_visible()
    shots(page, "calendar")
