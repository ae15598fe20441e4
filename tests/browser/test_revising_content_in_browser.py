"""The board edits a typed item's own fields on its task page, and a published item is revised through the whole
board in the browser: the public page keeps the published version while the revision is sent back and fixed, and
shows the revision once the editor-in-chief approves it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from engine.models import ContentType
from tests.browser.conftest import Shots, sign_in
from tests.browser.test_editorial_board_in_browser import sign_out
from tests.integration.content.conftest import Board
from tests.integration.content.test_typed_items import TYPED, _draft

TITLE = "Thông tin prices của tỉnh"
REVISED = "Giá nước sạch sinh hoạt từ năm 2027"


def test_the_board_edits_the_fields_and_a_revision_waits_for_approval(page: Page, shots: Shots, demo, app, clock):
    board = Board(app.extensions["motcua"], clock)
    code = board.submit(_draft(ContentType.PRICES, TYPED[ContentType.PRICES][0]))

    sign_in(page, "bientapvien")
    page.goto(f"/staff/content/{code}")
    price = page.get_by_label("Mức giá, mức thu (đồng)")
    expect(price).to_have_value("9800")
    price.fill("mười nghìn")
    page.get_by_label("Chuyển trưởng ban duyệt").check()
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator("#f-price-error")).to_contain_text("Mức giá, mức thu (đồng): số tiền (đồng) không hợp lệ.")
    page.get_by_label("Mức giá, mức thu (đồng)").fill("10.500")
    page.get_by_label("Chuyển trưởng ban duyệt").check()
    shots(page, "editor-edits-the-price")
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text("Biên tập tin bài")
    sign_out(page)
    board.complete(code, "approve_content", "truongban", decision="publish")
    public = f"/content/{board.item(code).id}"
    page.goto(public)
    expect(page.get_by_text("10.500")).to_be_visible()

    sign_in(page, "ctv.svhttdl")
    page.goto(f"/staff/content/{code}")
    page.get_by_role("link", name="Sửa đổi tin bài").click()
    page.fill("#title", REVISED)
    page.get_by_role("button", name="Gửi bản sửa đổi").click()
    expect(page.locator(".revision")).to_contain_text("Chờ biên tập")
    sign_out(page)
    page.goto(public)
    expect(page.locator("h1")).to_have_text(TITLE)

    sign_in(page, "bientapvien")
    page.goto(f"/staff/content/{code}")
    expect(page.get_by_label("Tiêu đề", exact=True)).to_have_value(REVISED)  # the board works on the revision
    page.get_by_label("Trả lại cộng tác viên để sửa").check()
    page.fill("#reason", "Ghi rõ số quyết định giá.")
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)
    page.goto(public)
    expect(page.locator("h1")).to_have_text(TITLE)  # sent back: the public page is untouched

    sign_in(page, "ctv.svhttdl")
    page.goto(f"/staff/content/{code}")
    expect(page.get_by_text("Ghi rõ số quyết định giá.")).to_be_visible()
    page.get_by_label("Văn bản quyết định").fill("Quyết định 21/2026/QĐ-UBND ngày 20/11/2026")
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)
    board.complete(code, "edit_content", "bientapvien", decision="forward")

    sign_in(page, "truongban")
    page.goto(f"/staff/content/{code}")
    page.get_by_label("Duyệt đăng").check()
    shots(page, "chief-approves-the-revision")
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)
    page.goto(public)
    expect(page.locator("h1")).to_have_text(REVISED)
    expect(page.get_by_text("ngày 20/11/2026")).to_be_visible()
