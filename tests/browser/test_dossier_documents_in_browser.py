"""A reception clerk receives a dossier, opens its page from the task and issues the receipt in one click."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in


def test_clerk_issues_the_receipt_from_the_dossier_page(page: Page, shots: Shots, demo, dossier: str) -> None:
    sign_in(page, "motcua.anhoa")
    page.goto("/staff/tasks")
    page.get_by_role("link", name=dossier).first.click()
    page.get_by_label("Đầy đủ, hợp lệ — tiếp nhận").check()
    page.get_by_role("button", name="Hoàn thành bước").click()
    page.goto("/staff/tasks")
    page.get_by_role("link", name=dossier).first.click()
    page.get_by_role("link", name=f"Hồ sơ {dossier}").click()
    expect(page.locator("h1")).to_contain_text(dossier)
    expect(page.get_by_text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")).to_be_visible()
    shots(page, "dossier")
    opened = f"/staff/dossiers/{dossier}/documents/receipt"
    with page.expect_response(lambda r: r.url.endswith(opened) and r.request.method == "GET") as shown:
        page.locator("#documents tr", has_text="Giấy tiếp nhận").get_by_role("button").click()
    assert shown.value.headers["content-type"] == "application/pdf"  # opened in the browser's viewer, to print
    page.goto(f"/staff/dossiers/{dossier}")
    expect(page.locator("#files")).to_contain_text(f"receipt-{dossier}.pdf")
    shots(page, "issued")
