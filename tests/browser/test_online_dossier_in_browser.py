"""On a phone: sign in, submit a dossier with files, pay in the sandbox, supplement, download the result, rate it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import sample_files
from tests.browser.conftest import Shots, fill_declaration, sign_in
from tests.e2e.portal import DECLARATIONS, add_result_file, desk, required_documents, resolve

PHONE = {"width": 390, "height": 844}


def _pdf(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": sample_files.pdf(text)}


def test_an_applicant_goes_from_submission_to_rating_on_a_phone(page: Page, shots: Shots, app, demo) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "nguyenvanan")
    page.goto("/my/dossiers/new/2.001583")
    expect(page.locator("h1")).to_contain_text("Đăng ký thành lập công ty TNHH một thành viên")
    expect(page.get_by_text("100.000 đ").first).to_be_visible()
    shots(page, "procedure-and-fees")

    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    fill_declaration(page, DECLARATIONS["company_registration_llc1"])
    documents = required_documents(app, "company_registration_llc1")
    for document in documents:
        page.set_input_files(f"#document_{document.id}", _pdf(f"giay-to-{document.position}.pdf", document.name))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu hồ sơ nháp.")).to_be_visible()
    expect(page.get_by_text("Đã tải lên: giay-to-1.pdf")).to_be_visible()
    shots(page, "draft-with-files")

    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator("#dossier-code").inner_text().strip()
    expect(page.get_by_text("gửi bản sao có chứng thực")).to_be_visible()
    shots(page, "submitted-with-code")

    page.get_by_role("link", name="Nộp phí trực tuyến (100.000 đ)").click()
    page.get_by_role("button", name="Thanh toán qua cổng thanh toán").click()
    expect(page.get_by_text("Cổng thanh toán thử nghiệm").first).to_be_visible()
    expect(page.get_by_text("100.000 VND")).to_be_visible()
    shots(page, "sandbox-gateway")
    page.get_by_role("button", name="Xác nhận thanh toán").click()
    expect(page.get_by_text("Đã thanh toán 100.000 đ")).to_be_visible()  # the server-to-server callback came first
    shots(page, "paid")
    page.get_by_role("link", name="Xem biên lai").click()
    expect(page.get_by_text(code)).to_be_visible()
    shots(page, "receipt")

    clerks = desk(app)
    missing = documents[1]
    clerks.complete(
        code,
        "check_completeness",
        "motcua.ttpv",
        decision="incomplete",
        missing_documents=[missing.id],
        supplement_note="Điều lệ công ty thiếu chữ ký của chủ sở hữu",
    )
    page.goto(f"/my/dossiers/{code}/supplement")
    expect(page.get_by_text("Điều lệ công ty thiếu chữ ký của chủ sở hữu")).to_be_visible()
    shots(page, "supplement-request")
    page.set_input_files(f"#document_{missing.id}", _pdf("dieu-le-da-ky.pdf", "Điều lệ đã ký"))
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.get_by_text(f"Đã gửi bổ sung hồ sơ {code}.")).to_be_visible()
    shots(page, "supplemented")

    resolve(app, code, clerk="motcua.ttpv", unit="stc")
    add_result_file(app, code, sample_files.pdf("Giấy chứng nhận đăng ký doanh nghiệp"), "giay-chung-nhan-dkdn.pdf")
    clerks.complete(code, "return_result", "motcua.ttpv", return_method="online")

    page.goto(f"/my/dossiers/{code}/result")
    expect(page.get_by_text("Hồ sơ đã có kết quả.")).to_be_visible()
    shots(page, "result")
    with page.expect_download() as download:
        page.get_by_role("link", name="giay-chung-nhan-dkdn.pdf").click()
    assert download.value.suggested_filename == "giay-chung-nhan-dkdn.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ").click()
    for fieldset in page.locator("fieldset.rating").all()[:9]:
        fieldset.locator("input[value='2']").check()
    page.locator("input[name=ease][value=very_satisfied]").check()
    page.locator("input[name=overall][value=satisfied]").check()
    page.fill("#comment", "Thủ tục nhanh, hướng dẫn rõ ràng.")
    shots(page, "rating-form")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Bạn đã đánh giá hồ sơ này: 18/18 điểm.")).to_be_visible()
    shots(page, "rated")
