"""The main screens of the lived-in demo, as the README shows them: the public home, the catalog, an applicant's new
dossier, a clerk's inbox, a task, a dossier, the reports, and the home on a phone.

With MOTCUA_README_SCREENSHOTS=1 they are written to docs/screenshots/ (small palette PNGs, for the repository);
otherwise to the test's screenshot folder under test-output/.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import OUTPUT, sign_in

README_SCREENSHOTS = os.environ.get("MOTCUA_README_SCREENSHOTS") == "1"
README_FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CLERKS = ("motcua.anhoa", "motcua.ttpv", "motcua.tanlap")
LARGEST = 250 * 1024  # bytes a README picture may weigh


@pytest.fixture
def folder() -> Path:
    return README_FOLDER if README_SCREENSHOTS else OUTPUT / "screenshots" / "readme"


@pytest.fixture
def desktop(browser: Browser, lived_in: str) -> Iterator[Page]:
    context = browser.new_context(base_url=lived_in, locale="vi-VN", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _save(page: Page, folder: Path, name: str) -> Path:
    """The visible part of the page, reduced to a palette of 128 colours: sharp text, a few tens of kilobytes."""
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB").quantize(colors=128)
    path = folder / f"{name}.png"
    image.save(path, optimize=True)
    assert path.stat().st_size < LARGEST, f"{path.name} weighs {path.stat().st_size} bytes"
    return path


def test_the_main_screens_are_pictured(desktop: Page, browser: Browser, lived_in: str, folder: Path) -> None:
    page = desktop
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    _save(page, folder, "01-public-home")
    page.goto("/procedures")
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    _save(page, folder, "02-catalog")

    sign_in(page, "nguyenvanan")
    page.goto("/procedures")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.locator("#draft-form")).to_be_visible()
    _save(page, folder, "03-applicant-new-dossier")
    page.context.clear_cookies()

    task = page.locator("main a[href*='/staff/tasks/']").first
    for clerk in CLERKS:  # the first desk with work to do is pictured
        page.context.clear_cookies()
        sign_in(page, clerk)
        page.goto("/staff/tasks")
        if task.count():
            break
    expect(task).to_be_visible()
    _save(page, folder, "04-staff-inbox")
    task.click()
    expect(page.locator("h1")).to_be_visible()
    _save(page, folder, "05-task")
    page.locator("main a[href*='/staff/dossiers/']").first.click()
    expect(page.locator("h1")).to_contain_text(".H99-")
    expect(page.locator(".diagram svg").first).to_be_visible()  # drawn in the page after it loads
    _save(page, folder, "06-dossier")
    page.context.clear_cookies()

    sign_in(page, "giamsat")
    page.goto("/reports")
    expect(page.locator("h1")).to_be_visible()
    _save(page, folder, "07-reports")

    context = browser.new_context(base_url=lived_in, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto("/")
    expect(phone.locator("h1")).to_be_visible()
    _save(phone, folder, "08-phone-home")
    context.close()
