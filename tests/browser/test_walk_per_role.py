"""Every role walks the lived-in demo on a phone, in Vietnamese then in English: its menu and the first pages those
lead to (a task, a dossier, a report, an admin page...). No page shows a raw key, an axe-core violation rated serious
or critical, a width beyond the phone's, or English words on a Vietnamese page."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import OUTPUT, sign_in
from tests.browser.walk import PHONE_WIDTH, Finding, check, pattern, walk

PHONE = {"width": PHONE_WIDTH, "height": 844}
FORMS_SENT_EMPTY = ("/lookup", "/questions/track", "/questions/ask", "/login", "/account/register", "/account/reset")
CATALOG = ("/procedures", "/procedures/*")  # public, but where a signed-in applicant starts a new dossier
FOR_DEVELOPERS = ("/api/docs",)  # Swagger UI, in its own English, for the engineers of other systems: not walked
NOWHERE = "/no-such-page"  # the error page a mistyped or stale address opens
ROLES = {  # who walks, by the demo login that plays the role with work in its inbox (None: nobody signed in)
    "anonymous": None,
    "citizen": "nguyenvanan",
    "organisation": "anphat",
    "reception clerk": "motcua.anhoa",
    "specialist": "chuyenvienkt.tanlap",
    "department leader": "truongphong.anhoa",
    "agency leader": "lanhdao.tanlap",
    "supervisor": "giamsat",
    "Q&A editor": "bientap",
    "procedure manager": "quanly.stc",
    "administrator": "quantri",
    "portal contributor": "ctv.svhttdl",
    "portal editor": "bientapvien",
    "portal editor-in-chief": "truongban",
    "finance officer": "ketoan.ttpv",
}


@pytest.fixture(scope="module")
def axed() -> set[tuple[str, str]]:
    """(shape, language) of the pages axe has already looked at in this module: axe takes a second, the rest not."""
    return set()


@pytest.fixture(scope="module")
def public() -> dict[str, set[str]]:
    """Per language, the shapes of the pages the anonymous walk opened: the same for everyone but the menu, which
    the signed-in walks check on their own pages; they skip these (the walk is four times as long otherwise)."""
    return {}


@pytest.fixture
def phone(browser: Browser, lived_in: str) -> Iterator[Page]:
    """A phone whose pages take the axe-core script despite their CSP (only this walk's context bypasses it)."""
    context: BrowserContext = browser.new_context(
        base_url=lived_in, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_walks_its_pages_in_both_languages(
    phone: Page, role: str, axed: set[tuple[str, str]], public: dict[str, set[str]]
) -> None:
    login = ROLES[role]
    if login:
        sign_in(phone, login)
    findings: list[Finding] = []
    walked: dict[str, list[str]] = {}
    for language in ("vi", "en"):
        phone.goto(f"/lang/{language}")

        def visit(page: Page, language: str = language) -> None:
            shape = (pattern(urlsplit(page.url).path), language)
            findings.extend(check(page, axe=shape not in axed, language=language))
            axed.add(shape)

        seen = (set(public.get(language, ())) - set(CATALOG) if login else set()) | set(FOR_DEVELOPERS)
        walked[language] = list(walk(phone, phone.url, visit, seen=seen, also=(NOWHERE,)))
        if not login:
            public[language] = {pattern(path) for path in walked[language]} - {NOWHERE}
    (OUTPUT / "walk").mkdir(parents=True, exist_ok=True)  # what each role reached, for people to read
    (OUTPUT / "walk" / f"{role}.txt").write_text("\n".join(walked["vi"]) + "\n", encoding="utf-8")
    assert len(walked["vi"]) >= 5, f"{role} reached only {walked['vi']}"
    assert not findings, f"{role} ({login}) walked {len(walked['vi'])} + {len(walked['en'])} pages:\n" + "\n".join(
        map(str, findings)
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_forms_sent_empty_answer_in_the_readers_words(phone: Page, language: str) -> None:
    """What a visitor reads after sending a public form with nothing filled in."""
    phone.goto(f"/lang/{language}")
    findings: list[Finding] = []
    for path in FORMS_SENT_EMPTY:
        phone.goto(path)
        send = phone.locator("main form button[type=submit], main form input[type=submit]").first
        send.evaluate("button => { button.form.noValidate = true }")  # the server's answer, not the browser's
        send.click()
        phone.wait_for_load_state()
        expect(phone.locator(".error, [role=alert]").first).to_be_visible()
        findings += check(phone, axe=False)
    assert not findings, "\n".join(map(str, findings))
