"""A foreign reader switches to English, finds a procedure by its English name and reads it in English."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots


def test_a_foreigner_finds_and_reads_a_procedure_in_english(page: Page, shots: Shots, demo) -> None:
    page.goto("/procedures")
    page.goto("/lang/en")
    page.goto("/procedures")
    page.get_by_label("Find a procedure").fill("marriage registration")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Marriage registration (between Vietnamese citizens)")
    expect(result).to_be_visible()
    expect(page.locator(".procedure-card .meta").first).to_contain_text("Civil status")
    shots(page, "catalog-en")
    result.click()
    expect(page.locator("h1")).to_have_text("Marriage registration (between Vietnamese citizens)")
    expect(page.locator("#documents")).to_contain_text("Certificate of marital status")
    expect(page.locator("#fees")).to_contain_text("Marriage registration fee")
    expect(page.locator("#documents")).not_to_contain_text("Tờ khai đăng ký kết hôn")
    shots(page, "procedure-en")
