"""A contributor writes an item in the rich-text editor, with a heading, a list, a link (its tooltip in Vietnamese),
an inline image described in the page's own form, an image with its caption, and a table; once published, the public
page shows them, and a pasted script is gone; no CSP violation on the way."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import sample_files
from tests.browser.conftest import Shots, loaded_width, sign_in
from tests.browser.rich_text import editor, paste
from tests.integration.content.conftest import Board

TITLE = "Khánh thành Nhà văn hóa thôn Đông"
ALT = "Cổng Nhà văn hóa thôn Đông trong ngày khánh thành"
STAGE = "Sân khấu văn nghệ chào mừng"
CAPTION = "Đội văn nghệ thôn Đông biểu diễn. Ảnh: Bùi Văn Khoa"


def choose_image(page: Page, name: str, content: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "image/png", "buffer": content}])


def test_heading_list_link_and_image_reach_the_published_page(
    page: Page, shots: Shots, demo, app, clock, violations: list[str]
) -> None:
    sign_in(page, "ctv.svhttdl")
    page.goto("/staff/content/new")
    page.select_option("#content_type", "news")
    page.fill("#title", TITLE)
    page.fill("#event_on", "2026-11-23")
    expect(page.locator("#body")).to_be_hidden()  # the editor stands in for the textarea

    body = editor(page, "body")
    paste(page, "body", '<p>Dán từ văn bản khác.</p><script>window.pasted = "script ran"</script>')
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Chương trình")
    page.get_by_role("button", name="Kiểu đoạn").click()
    page.locator('.ql-header .ql-picker-item[data-label="Tiêu đề mục"]').click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Danh sách gạch đầu dòng").click()
    page.keyboard.type("Cắt băng khánh thành")
    page.keyboard.press("Enter")
    page.keyboard.type("Văn nghệ chào mừng")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Xem lịch")
    page.keyboard.press("Shift+Home")
    page.get_by_role("button", name="Liên kết").click()
    tooltip = page.locator(".ql-tooltip")
    assert tooltip.evaluate("t => getComputedStyle(t, '::before').content") == '"Nhập liên kết:"'
    assert tooltip.locator("a.ql-action").evaluate("a => getComputedStyle(a, '::after').content") == '"Lưu"'
    expect(page.get_by_role("textbox", name="Địa chỉ liên kết")).to_have_attribute("placeholder", "https://")
    page.get_by_role("textbox", name="Địa chỉ liên kết").fill("https://thaian.example.vn/lich")
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    choose_image(page, "cong.png", sample_files.image())
    describing = page.get_by_role("group", name="Mô tả ảnh vừa chọn")
    expect(describing.get_by_role("textbox", name="Mô tả ảnh (bắt buộc): ảnh cho thấy gì?")).to_be_focused()
    describing.get_by_role("button", name="Đưa ảnh vào bài").click()  # no description: refused in the page
    expect(describing.get_by_role("alert")).to_contain_text("Mô tả ảnh: bắt buộc nhập")
    expect(body.locator("img")).to_have_count(0)
    describing.get_by_role("button", name="Hủy").click()
    expect(describing).to_be_hidden()

    choose_image(page, "cong.png", sample_files.image())
    describing.get_by_role("textbox", name="Mô tả ảnh (bắt buộc): ảnh cho thấy gì?").fill(ALT)
    shots(page, "describing-an-image")
    page.keyboard.press("Enter")  # inserts the image; the item's form is not sent
    expect(body.locator("img")).to_have_attribute("alt", ALT)
    expect(describing).to_be_hidden()
    page.keyboard.press("Control+End")
    choose_image(page, "san-khau.png", sample_files.image(colour="red"))
    describing.get_by_role("textbox", name="Mô tả ảnh (bắt buộc): ảnh cho thấy gì?").fill(STAGE)
    describing.get_by_role("textbox", name="Chú thích ảnh (không bắt buộc, hiện dưới ảnh)").fill(CAPTION)
    describing.get_by_role("button", name="Đưa ảnh vào bài").click()
    expect(body.locator("figure figcaption")).to_have_text(CAPTION)
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Chèn bảng").click()
    page.keyboard.type("8 giờ")
    expect(body.locator("h2")).to_have_text("Chương trình")
    shots(page, "editor")
    page.get_by_role("button", name="Gửi ban biên tập").click()
    expect(page.locator(".status")).to_have_text("Chờ biên tập")

    board = Board(app.extensions["motcua"], clock)
    item = board.item(page.url.rsplit("/", 1)[1])
    page.context.clear_cookies()
    sign_in(page, "bientapvien")  # the editor's task page loads the text back into the editor, and saves it again
    page.goto(f"/staff/content/{item.code}")
    expect(editor(page, "body").locator("figure figcaption")).to_have_text(CAPTION)
    expect(editor(page, "body").locator("figure img")).to_have_attribute("alt", STAGE)
    page.get_by_label("Chuyển trưởng ban duyệt").check()
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash")).to_contain_text("Biên tập tin bài")
    board.complete(item.code, "approve_content", "truongban", decision="publish")
    page.context.clear_cookies()

    page.goto(f"/content/{item.id}")
    prose = page.locator(".prose")
    expect(prose.locator("h2")).to_have_text("Chương trình")
    expect(prose.locator("ul li")).to_have_text(["Cắt băng khánh thành", "Văn nghệ chào mừng"])
    expect(prose.get_by_role("link", name="Xem lịch")).to_have_attribute("href", "https://thaian.example.vn/lich")
    image = prose.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    assert loaded_width(image) == 40  # served to a visitor who is not signed in
    figure = prose.locator("figure")
    expect(figure.get_by_role("img", name=STAGE)).to_be_visible()
    expect(figure.locator("figcaption")).to_have_text(CAPTION)
    expect(prose.locator("table td").first).to_have_text("8 giờ")
    expect(prose).to_contain_text("Dán từ văn bản khác.")
    assert "<script" not in prose.inner_html() and "script ran" not in prose.inner_html()
    assert page.evaluate("window.pasted") is None
    shots(page, "published")
    assert violations == []
