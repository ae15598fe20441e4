"""A decision from the specialist's proposal to its number: the specialist fills the decided content and its subject,
the leader reads the decision in the sign task, sends it back once, then signs the corrected one; the signed decision
carries the ward's next number and names the applicant and the deceased."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from engine.documents.demo_ca import DEMO_PIN
from tests.browser.conftest import Shots, sign_in
from tests.integration.engine.conftest import Desk
from tests.pdf_tools import pdf_text


def _received(runtime) -> str:
    """A funeral allowance dossier taken at the An Hòa ward's counter and handed to its department."""
    desk = Desk(runtime, runtime.clock)
    code = desk.submit(
        procedure="funeral_allowance",
        name="Phạm Văn Hùng",
        phone="0912345678",
        address="8 Lý Thường Kiệt, phường An Hòa",
    )
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    return code


def _open(page: Page, login: str, code: str) -> None:
    sign_in(page, login)
    page.goto("/staff/tasks")
    page.get_by_role("link", name=code).first.click()


def _done(page: Page) -> None:
    page.get_by_role("button", name="Hoàn thành bước").click()
    expect(page.locator(".flash-info")).to_contain_text("Đã hoàn thành bước")
    page.get_by_role("button", name="Đăng xuất").click()


def _propose(page: Page, code: str, amount: str) -> None:
    _open(page, "chuyenvien.anhoa", code)
    page.get_by_label("Dự thảo kết quả giải quyết").check()
    page.get_by_label("Tóm tắt dự thảo kết quả").fill("Đủ điều kiện hỗ trợ chi phí mai táng")
    page.get_by_label("Ngày chết").fill("2026-11-02")
    page.get_by_label("Cơ quan, tổ chức, hộ gia đình hoặc cá nhân tổ chức mai táng").fill("Phạm Văn Hùng")
    page.get_by_label("Mức hỗ trợ chi phí mai táng (đồng)").fill(amount)
    page.get_by_label("Họ và tên đối tượng đã chết").fill("Phạm Văn Tư")
    _done(page)
    _open(page, "truongphong.anhoa", code)
    page.get_by_label("Đồng ý, trình ký").check()
    _done(page)


def _shown(page: Page) -> str:
    expect(page.get_by_role("img", name="Văn bản trình ký, trang 1/1")).to_be_visible()
    href = page.get_by_role("link", name="Mở văn bản trình ký (PDF)").get_attribute("href")
    return pdf_text(page.request.get(href).body())


def test_the_leader_reads_sends_back_then_signs_a_numbered_decision(page: Page, shots: Shots, app, demo) -> None:
    code = _received(app.extensions["motcua"])
    _propose(page, code, "720.000")

    _open(page, "lanhdao.anhoa", code)
    first = _shown(page)
    assert "QUYẾT ĐỊNH" in first and "Về việc hỗ trợ chi phí mai táng" in first and "720.000 đồng" in first
    shots(page, "first-draft")
    page.get_by_label("Trả lại chuyên viên").check()
    page.get_by_label("Lý do trả lại").fill("Mức hỗ trợ chưa đúng mức quy định của tỉnh")
    _done(page)

    _open(page, "chuyenvien.anhoa", code)
    expect(page.get_by_label("Họ và tên đối tượng đã chết")).to_have_value("Phạm Văn Tư")  # kept from the draft
    page.get_by_role("button", name="Đăng xuất").click()
    _propose(page, code, "7.200.000")

    _open(page, "lanhdao.anhoa", code)
    shown = _shown(page)
    assert "7.200.000 đồng" in shown and "720.000 đồng" not in shown  # the corrected draft, rendered anew
    assert "Điều 1. Giải quyết hỗ trợ chi phí mai táng" in shown and "cho Phạm Văn Hùng" in shown
    assert "Họ và tên đối tượng đã chết: Phạm Văn Tư" in shown and "Điều 2. Kết quả được trả trực tiếp" in shown
    assert "Số:" not in shown
    shots(page, "corrected-draft")
    page.get_by_label("Ký ban hành").check()
    page.locator("input[name=pin]").fill(DEMO_PIN)
    _done(page)

    sign_in(page, "lanhdao.anhoa")
    page.goto(f"/staff/dossiers/{code}")
    signed = pdf_text(page.request.get(page.locator("a", has_text="ket-qua-1-QD-UBND").get_attribute("href")).body())
    assert "Số: 1/QĐ-UBND" in signed and "Phạm Văn Hùng" in signed and "Phạm Văn Tư" in signed
    page.get_by_role("link", name="Sổ văn bản đi").click()
    register = page.locator("#outgoing")
    expect(register).to_contain_text("1/QĐ-UBND")
    expect(register).to_contain_text("Họ và tên đối tượng đã chết: Phạm Văn Tư")
    shots(page, "register")
