"""An applicant who uses no mouse signs in, finds a procedure and submits a dossier online with Tab, Shift+Tab, Enter,
Space, arrows and typing only (files are chosen programmatically: the file chooser is the system's own). Every stop of
the focus is visibly marked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from engine.demo import DEMO_PASSWORD
from tests import sample_files
from tests.browser.conftest import Shots
from tests.browser.keyboard import Keyboard
from tests.e2e.portal import DECLARATIONS, required_documents


def test_an_applicant_submits_a_dossier_online_with_the_keyboard_only(page: Page, shots: Shots, app, demo) -> None:
    keys = Keyboard(page)
    page.goto("/login")
    keys.type(page.locator("input[name=login]"), "nguyenvanan")
    keys.type(page.locator("input[name=password]"), DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Hồ sơ của tôi")

    keys.press(page.get_by_role("link", name="Thủ tục", exact=True))
    keys.type(page.locator("input[name=q]"), "dang ky khai sinh")
    page.keyboard.press("Enter")
    keys.press(page.get_by_role("link", name="Thủ tục đăng ký khai sinh"))
    keys.press(page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first)
    keys.press(page.get_by_role("button", name="Bắt đầu khai hồ sơ"), " ")
    expect(page.locator("#draft-form")).to_be_visible()
    shots(page, "draft-by-keyboard")

    keys.choose(page.locator("#receiving_unit"), "000.01.10.H99")
    method = page.locator("input[name=return_method]:checked")
    keys.to(method)
    page.keyboard.press("ArrowDown")  # the next way of receiving the result, then back to the first
    page.keyboard.press("ArrowUp")
    expect(method).to_be_focused()
    for name, value in DECLARATIONS["birth_registration"].items():
        field = page.locator(f"#f-{name}")
        kind = field.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
        if kind == "select":
            keys.choose(field, value)
        elif kind == "date":
            keys.date(field, value)
        else:
            keys.type(field, value)
        expect(field).to_have_value(value)
    keys.to(page.locator("#f-child_name"), back=True)  # back up to the first answer: it kept what was typed
    expect(page.locator("#f-child_name")).to_have_value(DECLARATIONS["birth_registration"]["child_name"])
    for document in required_documents(app, "birth_registration"):
        page.set_input_files(f"#document_{document.id}", _pdf(f"giay-to-{document.position}.pdf", document.name))
    keys.press(page.get_by_role("button", name="Nộp hồ sơ"))

    expect(page.locator("h1")).to_have_text("Đã nộp hồ sơ")
    expect(page.locator("#dossier-code")).to_contain_text("000.01.10.H99-")
    shots(page, "submitted-by-keyboard")
    assert keys.stops > 10


def _pdf(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": sample_files.pdf(text)}
