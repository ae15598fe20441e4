"""On a 390 px phone, every main page of every role of the demo fits the screen: nothing scrolls sideways (wide
tables become stacked rows), and the menu waits behind its button, which opens it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, url_for
from playwright.sync_api import Browser, Page, expect

from engine.demo_history import load_demo_history
from tests.browser.conftest import Shots, sign_in

PHONE = {"width": 390, "height": 844}

# Each role of the demo (README.md) and its main pages, as endpoints; a page reached by a link is named by its text.
ROLES = {
    "visitor": (
        None,
        [
            "home.index",
            "catalog.index",
            ("catalog.procedure", {"code": "1.001193"}),
            "tracking.public_lookup",
            "questions.index",
            "questions.ask_question",
            "questions.tracking",
            "account.register_page",
            "auth.login",
            "statistics.index",
        ],
    ),
    "applicant": (
        "nguyenvanan",
        [
            "tracking.mine",
            "submission.drafts_list",
            ("submission.new", {"procedure": "birth_registration"}),
            "account.profile",
        ],
    ),
    "reception clerk": (
        "motcua.anhoa",
        [
            "staff.inbox",
            "counter.reception",
            ("counter.reception", {"procedure": "birth_registration"}),
            "dossiers.register",
        ],
    ),
    "specialist": ("chuyenvien.stc", ["staff.inbox", "outgoing.register"]),
    "supervisor": ("giamsat", ["reports.index", "statistics.index"]),
    "Q&A editor": ("bientap", ["staff_questions.inbox"]),
    "administrator": (
        "quantri",
        [
            "admin.users",
            "admin_procedures.index",
            ("admin_procedures.procedure", {"code": "1.001193"}),
            "admin.calendar",
            "admin_agencies.index",
            "admin_diagrams.index",
            "admin_operations.index",
        ],
    ),
}


@contextmanager
def _phone(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh phone for each role, so that each signs in alone."""
    context = browser.new_context(
        base_url=base_url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def lived_in(app: Flask, demo) -> None:
    """Two weeks of the demo's dossiers, so that inboxes, task pages and reports have rows to lay out."""
    rt = app.extensions["motcua"]
    assert load_demo_history(rt, rt.clock.now(), weeks=2) > 0


def _url(app: Flask, page: str | tuple[str, dict[str, str]]) -> str:
    endpoint, values = (page, {}) if isinstance(page, str) else page
    with app.test_request_context():
        return url_for(endpoint, **values)


def _fits(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} is {width} px wide on a {PHONE['width']} px phone: {_sticking_out(page)}"


def _sticking_out(page: Page) -> list[str]:
    """The innermost elements whose right edge passes the screen's, to say what to fix."""
    return page.evaluate(
        """limit => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > limit
                && ![...e.children].some(c => c.getBoundingClientRect().right > limit))
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)""",
        PHONE["width"],
    )


def _menu_opens(page: Page) -> None:
    """The menu is hidden behind its button on the phone; pressing the button shows every link."""
    menu = page.locator("#navigation")
    expect(menu).to_be_hidden()
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    _fits(page, "the open menu")


def test_every_main_page_of_every_role_fits_a_phone(
    browser: Browser, live_server: str, app: Flask, lived_in, shots: Shots
) -> None:
    """One walk per role over one lived-in province (loading it is the slow part)."""
    for role, (login, pages) in ROLES.items():
        with _phone(browser, live_server) as page:
            if login:
                sign_in(page, login)
            page.goto(_url(app, pages[0]))
            _menu_opens(page)
            for each in pages:
                url = _url(app, each)
                response = page.goto(url)
                assert response is not None and response.ok, f"{role}: {url}"
                _fits(page, f"{role}: {url}")
                shots(page, f"{role}-{url.strip('/').replace('/', '-') or 'home'}")
            if role == "reception clerk":
                _task_and_dossier_fit(page, app, shots)


def _task_and_dossier_fit(page: Page, app: Flask, shots: Shots) -> None:
    """The clerk's first task and its dossier, reached from the inbox."""
    page.goto(_url(app, "staff.inbox"))
    first = page.locator("table.inbox tbody tr a").first
    code = first.inner_text().strip()
    first.click()
    _fits(page, "a task page")
    shots(page, "task")
    page.goto(_url(app, ("dossiers.dossier_page", {"code": code})))
    expect(page.locator("h1")).to_contain_text(code)
    _fits(page, "a dossier page")
    shots(page, "dossier")
