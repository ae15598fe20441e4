"""A leaders' schedule and a procurement notice in the browser: a contributor fills in their own fields, the board
publishes them, and a visitor finds each by words typed without accents and reads its fields."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in
from tests.browser.test_editorial_board_in_browser import sign_out
from tests.integration.content.conftest import Board

SCHEDULE = "Lịch công tác tuần 49 của lãnh đạo Sở Tư pháp"
NOTICE = "Thông báo mời thầu mua sắm máy tính cho bộ phận một cửa"


def _submit(page: Page, content_type: str, title: str, fields: dict[str, str], shots: Shots) -> str:
    page.goto("/staff/content/new")
    page.select_option("#content_type", content_type)
    page.fill("#title", title)
    for selector, value in fields.items():
        if selector == "#f-method":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    shots(page, f"{content_type}-form")
    page.get_by_role("button", name="Gửi ban biên tập").click()
    expect(page.locator(".status")).to_have_text("Chờ biên tập")
    return page.url.rsplit("/", 1)[1]


def _find(page: Page, kind: str, words: str, title: str) -> None:
    page.goto(f"/content/{kind}")
    page.get_by_role("searchbox").fill(words)
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)


def test_a_schedule_and_a_procurement_notice_are_published_and_found_without_accents(
    page: Page, shots: Shots, app: Flask, clock, demo
) -> None:
    sign_in(page, "ctv.stp")
    schedule = _submit(
        page,
        "schedule",
        SCHEDULE,
        {
            "#f-week": "2026-W49",
            "#f-entries-0-day": "2026-12-02",
            "#f-entries-0-time": "08:00",
            "#f-entries-0-leader": "Giám đốc Sở Đỗ Văn Hùng",
            "#f-entries-0-content": "Họp giao ban công tác hộ tịch",
            "#f-entries-0-place": "Phòng họp Sở Tư pháp",
        },
        shots,
    )
    notice = _submit(
        page,
        "procurement",
        NOTICE,
        {
            "#event_on": "2026-11-27",
            "#f-package": "Mua sắm 120 bộ máy tính",
            "#f-procuring_entity": "Văn phòng UBND tỉnh Thái An",
            "#f-method": "open_bidding",
            "#f-value_estimate": "2.160.000.000",
            "#f-closes_at": "2026-12-20T09:00",
        },
        shots,
    )
    sign_out(page)
    board = Board(app.extensions["motcua"], clock)
    board.publish(schedule)
    board.publish(notice)

    _find(page, "schedule", "giao ban ho tich", SCHEDULE)
    row = page.get_by_role("row", name="Họp giao ban công tác hộ tịch")
    expect(row).to_contain_text("02/12/2026")
    expect(row).to_contain_text("Giám đốc Sở Đỗ Văn Hùng")
    shots(page, "schedule-page")
    _find(page, "procurement", "may tinh mot cua", NOTICE)
    expect(page.locator(".type-fields")).to_contain_text("2.160.000.000 đồng")
    expect(page.locator(".type-fields")).to_contain_text("09:00 20/12/2026")
    shots(page, "procurement-page")
