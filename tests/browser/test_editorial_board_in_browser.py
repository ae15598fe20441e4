"""The editorial board in the browser: a contributor submits a news item, the editor sends it back, it is fixed,
approved and published, and shows on the home page and in the feed; a legal document is found by its number and
by words typed without accents."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in

TITLE = "Khánh thành Nhà văn hóa xã Tân Lập"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def open_item(page: Page) -> None:
    page.goto("/staff/content")
    page.get_by_role("row", name=TITLE).get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_news_goes_from_contributor_to_home_page_and_feed(page: Page, shots: Shots, demo) -> None:
    sign_in(page, "ctv.svhttdl")
    page.goto("/staff/content")
    page.get_by_role("link", name="Viết tin bài mới").click()
    page.select_option("#content_type", "news")
    page.fill("#title", TITLE)
    page.fill("#summary", "Nhà văn hóa xã Tân Lập được khánh thành, phục vụ sinh hoạt cộng đồng của 5 thôn.")
    page.fill("#body", "<p>Nhà văn hóa có sức chứa <strong>300 chỗ</strong>.</p>")
    page.fill("#source", "UBND xã Tân Lập")
    page.fill("#event_on", "2026-11-23")
    page.select_option("#category", "activities")
    page.get_by_label("Tin nổi bật (trang chủ)").check()
    shots(page, "contributor-writes")
    page.get_by_role("button", name="Gửi ban biên tập").click()
    expect(page.locator(".status")).to_have_text("Chờ biên tập")
    sign_out(page)

    sign_in(page, "bientapvien")
    open_item(page)
    page.get_by_label("Trả lại cộng tác viên để sửa").check()
    page.fill("#reason", "Bổ sung tên người chụp ảnh và thời gian khánh thành.")
    shots(page, "editor-sends-back")
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text("Biên tập tin bài")
    sign_out(page)

    sign_in(page, "ctv.svhttdl")
    open_item(page)
    expect(page.get_by_text("Bổ sung tên người chụp ảnh")).to_be_visible()
    page.fill(
        "#body", "<p>Nhà văn hóa có sức chứa <strong>300 chỗ</strong>, khánh thành sáng 23/11. Ảnh: Bùi Văn Khoa.</p>"
    )
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)

    sign_in(page, "bientapvien")
    open_item(page)
    page.get_by_label("Chuyển trưởng ban duyệt").check()
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)

    sign_in(page, "truongban")
    open_item(page)
    page.get_by_label("Duyệt đăng").check()
    shots(page, "chief-approves")
    page.get_by_role("button", name="Hoàn thành bước").click()
    sign_out(page)

    page.goto("/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Ảnh: Bùi Văn Khoa")).to_be_visible()
    shots(page, "published")
    feed = page.request.get("/feeds/news.atom")
    assert feed.ok and TITLE in feed.text()


def test_a_legal_document_is_found_by_number_and_by_words_without_accents(page: Page, shots: Shots, demo, app) -> None:
    from engine.content.demo import load_demo_content

    load_demo_content(app.extensions["motcua"])
    page.goto("/legal")
    page.fill("input[name=number]", "15/2026")
    page.get_by_role("button", name="Tìm văn bản").click()
    expect(page.get_by_role("link", name="15/2026/QĐ-UBND")).to_be_visible()
    page.goto("/legal")
    page.fill("input[name=q]", "quy che tiep nhan ho so truc tuyen")
    page.get_by_role("button", name="Tìm văn bản").click()
    expect(page.get_by_role("link", name="15/2026/QĐ-UBND")).to_be_visible()
    shots(page, "legal-search")
    page.get_by_role("link", name="15/2026/QĐ-UBND").click()
    expect(page.get_by_text("Ủy ban nhân dân tỉnh Thái An").first).to_be_visible()
