"""Writing in the rich-text editor as a person does: pasting HTML from another document into it."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

PASTE = """(root, html) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  root.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def editor(page: Page, field_id: str) -> Locator:
    return page.locator(f'[data-editor-for="{field_id}"]')


def paste(page: Page, field_id: str, html: str) -> None:
    """Replace what the editor of the field holds with the HTML, as if pasted from the clipboard."""
    area = editor(page, field_id)
    area.click()
    page.keyboard.press("Control+A")
    area.evaluate(PASTE, html)
