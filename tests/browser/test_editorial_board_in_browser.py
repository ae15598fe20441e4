"""The editorial board in the browser: a contributor submits a news item, the editor sends it back, it is fixed,
approved and published, and shows on the home page and in the feed; a legal document is found by its number, by
words typed without accents and from its procedure; a consultation is commented, closed and summarised; a late item
shows in the per-agency report."""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import Page, expect

from engine.content.deadlines import flag_content_deadlines
from engine.content.demo import load_demo_content
from engine.content.services import submit_item
from tests.browser.conftest import Shots, sign_in
from tests.browser.rich_text import paste
from tests.integration.content.conftest import Board
from tests.integration.content.test_consultation import DRAFT

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
    paste(page, "body", "<p>Nhà văn hóa có sức chứa <strong>300 chỗ</strong>.</p>")
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
    paste(
        page,
        "body",
        "<p>Nhà văn hóa có sức chứa <strong>300 chỗ</strong>, khánh thành sáng 23/11. Ảnh: Bùi Văn Khoa.</p>",
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
    page.goto("/procedures/1.001193")  # a procedure links the published documents of its legal basis
    page.get_by_role("link", name="Nghị định số 123/2015/NĐ-CP").click()
    expect(page).to_have_url(re.compile(r"/content/\d+"))
    expect(page.get_by_text("123/2015/NĐ-CP").first).to_be_visible()


def test_a_consultation_is_commented_closed_and_summarised_and_a_late_item_is_reported(
    page: Page, shots: Shots, demo, app, clock
) -> None:

    board = Board(app.extensions["motcua"], clock)
    code = submit_item(
        board.runtime, board.runtime.unit_of_work(), actor_id=board.user_id("ctv.svhttdl"), draft=DRAFT
    ).code
    board.publish(code)
    late = board.submit()  # a news item nobody edits: due 26/11 17:00

    page.goto("/")
    page.get_by_role("link", name=DRAFT.title).click()
    page.fill("#comment-name", "Đỗ Văn Góp")
    page.fill("#comment-contact", "gop@example.vn")
    page.fill("#comment-body", "Đề nghị miễn phí tham quan cho người khuyết tật.")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.locator(".flash")).to_contain_text("Đã nhận góp ý")

    sign_in(page, "bientapvien")
    page.goto(f"/staff/content/{code}")
    page.get_by_role("button", name="Công khai", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Đã kiểm duyệt góp ý")
    sign_out(page)

    clock.set(datetime.fromisoformat("2026-11-28T08:00+07:00"))
    sign_in(page, "ctv.svhttdl")
    page.goto(f"/staff/content/{code}")
    paste(page, "summary-text", "<p>Tiếp thu: miễn phí cho người khuyết tật từ năm 2027.</p>")
    page.get_by_role("button", name="Công bố tổng hợp ý kiến").click()
    sign_out(page)
    page.goto("/")
    expect(page.get_by_role("link", name=DRAFT.title)).to_have_count(0)  # closed: no longer open on the home page
    page.goto(f"/content/{board.item(code).id}")
    expect(page.get_by_text("Đã hết thời hạn lấy ý kiến.")).to_be_visible()
    expect(page.get_by_text("Tiếp thu: miễn phí cho người khuyết tật")).to_be_visible()
    expect(page.get_by_text("Đỗ Văn Góp")).to_be_visible()
    shots(page, "consultation-summarised")

    assert flag_content_deadlines(board.runtime) == {"late": [late]}
    sign_in(page, "truongban")
    page.goto("/staff/content/report?from=2026-11-01&to=2026-11-30")
    row = page.get_by_role("row", name=re.compile("Sở Văn hóa, Thể thao và Du lịch"))
    expect(row.get_by_role("cell")).to_have_text(["Sở Văn hóa, Thể thao và Du lịch", "2", "1", "0", "0", "1", "1"])
    shots(page, "contribution-report")
