"""Q&A in the browser: a person asks, the editor routes, the agency answers, the editor publishes, all can read it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in

TITLE = "Cấp lại giấy khai sinh bị mất"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def open_question(page: Page, code: str) -> None:
    page.goto("/staff/questions")
    page.get_by_role("link", name=code).click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_ask_route_answer_publish(page: Page, shots: Shots, demo) -> None:
    page.goto("/questions/ask")
    page.fill("#name", "Lý Thị Mai")
    page.fill("#email", "mai.ly@example.vn")
    page.select_option("#topic", "ho_tich")
    page.fill("#title", TITLE)
    page.fill("#body", "Tôi làm mất bản chính giấy khai sinh, xin hỏi thủ tục cấp lại như thế nào?")
    shots(page, "ask")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator(".status")).to_have_text("Chờ ban biên tập phân loại")
    code = re.search(r"HD-[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator(".flash").inner_text()).group(0)
    shots(page, "tracking-code")

    sign_in(page, "bientap")
    open_question(page, code)
    page.get_by_label("Tiếp nhận — chuyển cơ quan trả lời").check()
    page.select_option("#agency", "000.00.31.H99")
    page.select_option("#topic", "ho_tich")
    shots(page, "editor-routes")
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text(code)
    sign_out(page)

    sign_in(page, "chuyenvien.stp")
    open_question(page, code)
    page.get_by_label("Trả lời", exact=True).check()
    page.fill(
        "#answer", "Bản chính giấy khai sinh bị mất được đăng ký lại tại UBND xã nơi đã đăng ký khai sinh trước đây."
    )
    shots(page, "agency-answers")
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text(code)
    sign_out(page)

    sign_in(page, "bientap")
    open_question(page, code)
    page.get_by_label("Gửi cho người hỏi và công khai (đã ẩn thông tin cá nhân)").check()
    expect(page.locator("#public_answer")).to_have_value(re.compile("đăng ký lại tại UBND xã"))
    page.fill("#public_question", "Làm mất bản chính giấy khai sinh thì thủ tục cấp lại như thế nào?")
    shots(page, "editor-publishes")
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text(code)
    sign_out(page)

    page.goto("/questions")
    page.fill("input[name=q]", "giay khai sinh bi mat")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    shots(page, "public-search")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("đăng ký lại tại UBND xã")).to_be_visible()
    expect(page.get_by_text("Lý Thị Mai")).to_have_count(0)
    shots(page, "published")
