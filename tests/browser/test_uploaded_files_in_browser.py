"""In chromium, under the site's real headers: a clerk sees a scan's PNG and the pages of its PDF on the task page,
and the files themselves only ever download, never open as a page of the site."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from engine.dossiers.drafts import version_in_force
from engine.uploads import Upload
from tests import sample_files
from tests.browser.conftest import loaded_width, sign_in
from tests.integration.engine.conftest import Desk


def test_scans_preview_on_the_task_page_and_download_under_their_names(app: Flask, clock, demo, page: Page) -> None:
    two_pages = sample_files.pdf('Trang một<p style="break-before: page">Trang hai</p>')
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        first, second = version_in_force(runtime, uow.session, "company_registration_llc1").documents[:2]
        files = [
            Upload("giấy đề nghị.pdf", two_pages, first.id),
            Upload("điều lệ.png", sample_files.image("PNG"), second.id),
        ]
    code = Desk(runtime, clock).submit("company_registration_llc1", "000.00.01.H99", "motcua.ttpv", files=files)

    sign_in(page, "motcua.ttpv")
    page.goto("/staff/tasks")
    page.get_by_role("link", name=code).first.click()
    png = page.get_by_role("img", name="điều lệ.png")
    expect(png).to_be_visible()
    assert loaded_width(png) == 40  # shown, although served as a sandboxed attachment

    page.get_by_text("Xem trước").click()
    pages = page.frame_locator("details.pdf-preview iframe").locator("img.preview-page")
    expect(pages).to_have_count(2)
    expect(pages.first).to_have_attribute("alt", "giấy đề nghị.pdf, trang 1/2")
    assert loaded_width(pages.first) > 500

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").first.click()
    assert download.value.suggested_filename == "giấy đề nghị.pdf"
