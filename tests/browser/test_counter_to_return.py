"""A walk-in company registration from the counter to the returned result, through every desk, in chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engine.documents.demo_ca import DEMO_PIN
from tests.browser.conftest import Shots, loaded_width, sign_in
from tests.pdf_tools import pdf_text
from tests.scans import pdf_scan, png_scan


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def _open(page: Page, code: str) -> None:
    page.goto("/staff/tasks")
    page.get_by_role("link", name=code).first.click()
    expect(page.get_by_text(f"Hồ sơ {code}")).to_be_visible()


def _complete(page: Page) -> None:
    page.get_by_role("button", name="Hoàn thành bước").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-info")).to_contain_text("Đã hoàn thành bước")


DECIDED = {
    "Mã số doanh nghiệp": "4601234567",
    "Tên công ty viết bằng tiếng Việt": "Công ty TNHH Hải Đăng",
    "Địa chỉ trụ sở chính": "18 Phan Đình Phùng, phường An Hòa",
    "Vốn điều lệ (đồng)": "2.000.000.000",
    "Người đại diện theo pháp luật": "Nguyễn Hải Đăng",
}


def _preview_shows_what_is_signed(page: Page) -> None:
    """The leader sees the certificate to be signed, its number left for the register."""
    expect(page.get_by_role("heading", name="Văn bản trình ký")).to_be_visible()
    expect(page.get_by_role("img", name="Văn bản trình ký, trang 1/1")).to_be_visible()
    assert loaded_width(page.locator("img.preview-page")) > 800  # drawn, not broken
    href = page.get_by_role("link", name="Mở văn bản trình ký (PDF)").get_attribute("href")
    shown = pdf_text(page.request.get(href).body())
    assert "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP" in shown and "Cấp cho: Công ty TNHH Hải Đăng" in shown
    assert "Công ty TNHH Hải Đăng" in shown and "2.000.000.000 đồng" in shown and "4601234567" in shown
    assert "Số:" not in shown


def _signed_result_is_numbered(page: Page, shots: Shots, code: str) -> None:
    """The signed certificate carries the Sở's next number, and its register lists it."""
    sign_in(page, "lanhdao.stc")
    page.goto(f"/staff/dossiers/{code}")
    link = page.locator("a[href^='/files/']", has_text="ket-qua-1-DKDN-STC").get_attribute("href")
    signed = pdf_text(page.request.get(link).body())
    assert "Số: 1/ĐKDN-STC" in signed and "Công ty TNHH Hải Đăng" in signed
    page.get_by_role("link", name="Sổ văn bản đi").click()
    expect(page.locator("#outgoing")).to_contain_text("1/ĐKDN-STC")
    expect(page.locator("#outgoing")).to_contain_text(code)
    shots(page, "outgoing-register")
    _sign_out(page)


def test_counter_reception_to_the_returned_result(page: Page, shots: Shots, demo) -> None:
    sign_in(page, "motcua.ttpv")
    page.get_by_role("link", name="Tiếp nhận trực tiếp").click()
    expect(page.locator("h1")).to_have_text("Tiếp nhận hồ sơ trực tiếp")
    page.select_option("#procedure", "company_registration_llc1")
    page.get_by_role("button", name="Chọn thủ tục").click()
    page.get_by_label("Họ và tên").fill("Công ty TNHH Hải Đăng")
    page.get_by_label("Điện thoại").fill("0912345678")
    inputs = page.locator("input[type=file]")
    inputs.nth(0).set_input_files({"name": "giay-de-nghi.pdf", "mimeType": "application/pdf", "buffer": pdf_scan()})
    inputs.nth(1).set_input_files({"name": "dieu-le.png", "mimeType": "image/png", "buffer": png_scan()})
    inputs.nth(2).set_input_files({"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": pdf_scan("CCCD")})
    shots(page, "counter-form")
    page.get_by_role("button", name="Ghi nhận và kiểm tra hồ sơ").click()

    expect(page.locator("h1")).to_have_text("Kiểm tra tính đầy đủ, hợp lệ")
    code = re.search(r"Hồ sơ (\S+)", page.locator("h2", has_text="Hồ sơ").first.inner_text()).group(1)
    expect(page.locator("img.preview")).to_be_visible()
    expect(page.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()
    shots(page, "check")
    expect(page.get_by_label("Nội dung yêu cầu bổ sung")).to_be_hidden()  # only for an incomplete dossier
    page.get_by_label("Chưa đầy đủ — yêu cầu bổ sung").check()
    expect(page.get_by_label("Nội dung yêu cầu bổ sung")).to_be_visible()
    page.get_by_label("Đầy đủ, hợp lệ — tiếp nhận").check()
    _complete(page)

    expect(page.locator("h1")).to_have_text("Chuyển hồ sơ cho phòng chuyên môn")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="In phiếu tiếp nhận và hẹn trả kết quả").click()
    receipt = opened.value
    receipt.wait_for_load_state()
    assert receipt.url.endswith(f"/staff/dossiers/{code}/documents/receipt")
    printed = page.request.get(f"/staff/dossiers/{code}/documents/receipt")
    assert printed.headers["content-type"] == "application/pdf"
    assert code in pdf_text(printed.body())
    receipt.close()
    expect(page.get_by_text("Thời gian còn lại")).to_be_visible()
    shots(page, "received-with-receipt-link")
    _complete(page)
    expect(page.locator("h1")).to_have_text("Hộp công việc")
    _sign_out(page)

    sign_in(page, "chuyenvien.stc")
    page.goto("/staff/tasks")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    shots(page, "specialist-inbox")
    _open(page, code)
    expect(page.get_by_text("Tiếp nhận hồ sơ, hẹn ngày trả kết quả")).to_be_visible()
    page.get_by_label("Dự thảo kết quả giải quyết").check()
    page.get_by_label("Tóm tắt dự thảo kết quả").fill("Đủ điều kiện cấp đăng ký doanh nghiệp")
    for label, value in DECIDED.items():  # the certificate's content, asked for with the proposal
        page.get_by_label(label, exact=True).fill(value)
    shots(page, "review")
    _complete(page)
    _sign_out(page)

    for login, title, choice in (
        ("truongphong.stc", "Lãnh đạo phòng duyệt", "Đồng ý, trình ký"),
        ("lanhdao.stc", "Ký quyết định", "Ký ban hành"),  # the agency leader signs
    ):
        sign_in(page, login)
        _open(page, code)
        expect(page.locator("h1")).to_have_text(title)
        page.get_by_label(choice).check()
        if login == "lanhdao.stc":
            _preview_shows_what_is_signed(page)
            page.locator("input[name=pin]").fill(DEMO_PIN)
        shots(page, login)
        _complete(page)
        _sign_out(page)
    _signed_result_is_numbered(page, shots, code)

    sign_in(page, "motcua.ttpv")
    _open(page, code)
    expect(page.locator("h1")).to_have_text("Trả kết quả")
    page.get_by_label("Tại bộ phận một cửa").check()
    page.get_by_label("Người nhận kết quả").fill("Nguyễn Hải Đăng")
    page.set_viewport_size({"width": 390, "height": 844})
    shots(page, "return-on-a-phone")
    _complete(page)
    expect(page.get_by_role("link", name=code)).to_have_count(0)
    shots(page, "inbox-after-return")
