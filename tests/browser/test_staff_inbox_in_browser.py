"""A reception clerk signs in, finds the new dossier in the inbox and opens its task."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots, sign_in


def test_clerk_opens_the_check_task_of_a_new_dossier(page: Page, shots: Shots, demo, dossier: str) -> None:
    sign_in(page, "motcua.anhoa")
    page.goto("/staff/tasks")
    expect(page.get_by_text(dossier)).to_be_visible()
    shots(page, "inbox")
    page.get_by_role("link", name=dossier).first.click()
    expect(page.locator("h1")).to_contain_text("Kiểm tra tính đầy đủ")
    expect(page.get_by_text(dossier).first).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Hoa").first).to_be_visible()
    shots(page, "task")
    # A choice is a radio circle with its words beside it, not a field-wide circle above them.
    choices = page.locator(".govuk-radios__item:visible").all()
    assert len(choices) >= 3  # complete, incomplete, ineligible
    for choice in choices:
        box, words = choice.locator("input").bounding_box(), choice.locator("label").bounding_box()
        assert box["width"] <= 44 and box["height"] <= 44  # the design system's touch target
        assert words["x"] >= box["x"] + box["width"] - 4  # the words beside the circle
        assert words["height"] <= 3 * 44  # one line or two, never a field-wide control above its label
        assert abs((box["y"] + box["height"] / 2) - (words["y"] + words["height"] / 2)) <= words["height"] / 2
