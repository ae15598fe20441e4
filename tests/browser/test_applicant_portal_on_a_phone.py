"""On a phone: find a procedure, register, verify the email by the mailed link, sign in, follow a dossier,
and look one up without signing in. Every page fits the phone's width."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Shots
from tests.e2e.portal import link_in, mails_to, submit_online

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _fits(page: Page) -> None:
    """Nothing sticks out sideways: the page never scrolls horizontally on the phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_on_a_phone(phone: Page, shots: Shots, app, demo) -> None:
    page = phone
    page.goto("/procedures")
    page.fill("input[name=q]", "dang ky khai sinh")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^2 trên \d+ thủ tục$"))).to_be_visible()  # and the joint one under 6
    _fits(page)
    shots(page, "catalog-search")

    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page.locator("h1")).to_have_text("Thủ tục đăng ký khai sinh")
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first).to_be_visible()
    _fits(page)
    shots(page, "procedure")

    page.get_by_role("button", name="Menu").click()  # on a phone the menu waits behind its button
    page.get_by_role("link", name="Đăng ký").first.click()
    expect(page.locator("input[name=tax_code]")).to_be_hidden()  # a citizen by default
    page.get_by_role("radio", name="Tổ chức, doanh nghiệp").check()
    expect(page.locator("input[name=tax_code]")).to_be_visible()
    page.get_by_role("radio", name="Công dân").check()
    page.get_by_label("Họ và tên (tổ chức: tên đầy đủ)").fill("Trần Thị Bình")
    page.get_by_label("Số căn cước công dân (12 chữ số)").fill("001185012345")
    page.get_by_label("Ngày sinh").fill("1986-03-04")
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Email").fill("binh@example.vn")
    page.get_by_label("Mật khẩu (ít nhất 10 ký tự)").fill("mat-khau-cua-binh")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-cua-binh")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("link", name="Số căn cước công dân không khớp với năm sinh.")).to_be_visible()  # summary
    _fits(page)
    shots(page, "register-error")
    page.get_by_label("Ngày sinh").fill("1985-03-04")
    page.get_by_label("Mật khẩu (ít nhất 10 ký tự)").fill("mat-khau-cua-binh")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-cua-binh")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Kiểm tra hộp thư của bạn")).to_be_visible()
    shots(page, "check-email")

    page.goto(link_in(mails_to(app, "binh@example.vn")[0]))
    expect(page.get_by_text("Email đã được xác thực. Mời bạn đăng nhập.")).to_be_visible()
    page.fill("input[name=login]", "binh@example.vn")
    page.fill("input[name=password]", "mat-khau-cua-binh")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Hồ sơ của tôi")

    code = submit_online(app, "001185012345")
    page.reload()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_text("Bộ phận một cửa đang kiểm tra hồ sơ")).to_be_visible()
    _fits(page)
    shots(page, "my-dossiers")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_text(f"Hồ sơ {code} đã được gửi")).to_be_visible()
    _fits(page)
    shots(page, "my-dossier")

    page.context.clear_cookies()
    page.goto(f"/lookup?code={code}")
    page.get_by_label("Số điện thoại hoặc số giấy tờ tùy thân của người nộp").fill("0987 654 321")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#result")).to_contain_text("Mới gửi, chờ tiếp nhận")
    expect(page.get_by_text("Trần Thị Bình")).to_have_count(0)
    _fits(page)
    shots(page, "lookup")
