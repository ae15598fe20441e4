"""Browser tests: the app served on a local port, Debian's chromium driven headless by Playwright.

The browser is the system's own `chromium` (MOTCUA_CHROMIUM overrides the path); Playwright's
downloaded browsers are never used. Every test gets a `shots` recorder that saves numbered
screenshots under test-output/screenshots/<module>/<test>/ (MOTCUA_TEST_OUTPUT moves the folder).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from werkzeug.serving import make_server

from engine.demo import DEMO_PASSWORD
from engine.demo_history import load_demo_history
from engine.questions.demo import load_demo_questions
from engine.settings import Settings
from sla.clock import ManualClock
from tests.conftest import START, fresh_database
from webapp import create_app

HISTORY_WEEKS = 2  # dossiers left half-way are those of the last two weeks: every state shows, in seconds
OUTPUT = Path(os.environ.get("MOTCUA_TEST_OUTPUT") or Path(__file__).resolve().parents[2] / "test-output")


@pytest.fixture(params=["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Browser tests are about what a person sees; they run on the embedded database only."""
    yield from fresh_database(request, tmp_path, "sqlite")


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A socket listening on a free local port, opened before the app so that its public URL names that port."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener


@pytest.fixture
def settings(settings: Settings, listening: socket.socket) -> Settings:
    """The app's public URL (the gateway's return and callback addresses, mailed links) is the live server's."""
    return replace(settings, public_url=f"http://127.0.0.1:{listening.getsockname()[1]}")


@pytest.fixture
def live_server(app: Flask, listening: socket.socket) -> Iterator[str]:
    """The app served by a threaded WSGI server on the listening socket; yields its base URL."""
    with serving(app, listening) as url:
        yield url


@contextmanager
def serving(app: Flask, listening: socket.socket) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, fd=listening.fileno())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def lived_in(tmp_path_factory: pytest.TempPathFactory, sqlite_demo: Path) -> Iterator[str]:
    """One lived-in demo province for the whole module (its questions, HISTORY_WEEKS of dossiers up to START), served
    on a local port without rate limits (a module signs many people in); yields its base URL."""
    folder = tmp_path_factory.mktemp("lived-in")
    shutil.copyfile(sqlite_demo / "motcua.sqlite3", folder / "motcua.sqlite3")
    shutil.copytree(sqlite_demo / "instance", folder / "instance")
    with socket.create_server(("127.0.0.1", 0)) as listening:
        settings = Settings(
            instance_dir=folder / "instance",
            database_url=f"sqlite:///{folder / 'motcua.sqlite3'}",
            secret_key="test-secret",
            environment="development",
            public_url=f"http://127.0.0.1:{listening.getsockname()[1]}",
        )
        app = create_app(settings, clock=ManualClock(START), TESTING=True, RATELIMIT_ENABLED=False)
        try:
            load_demo_questions(app.extensions["motcua"])
            load_demo_history(app.extensions["motcua"], START, HISTORY_WEEKS)
            with serving(app, listening) as url:
                yield url
        finally:
            app.extensions["motcua"].close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium")
    if not executable:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; scripts/system-packages.sh test installs it")
        pytest.skip("no chromium on this machine (apt install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


PHONE = {"width": 390, "height": 844}


@contextmanager
def on_a_phone(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page in a fresh 390 px phone, signed in as nobody."""
    context = browser.new_context(
        base_url=base_url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    with on_a_phone(browser, live_server) as page:
        yield page


def assert_fits(page: Page, where: str) -> None:
    """Nothing on the page scrolls sideways on the phone; else say which elements stick out."""
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


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def violations(page: Page) -> list[str]:
    """What chromium says it refused or failed at, from the console and uncaught script errors."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    return found


class Shots:
    """Numbered full-page screenshots of one test, for people to look at after the run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        shutil.rmtree(folder, ignore_errors=True)

    def __call__(self, page: Page, name: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    """Under screenshots/<module>/<test>/: two modules' tests of one name, maybe on two xdist workers, never share."""
    module = request.node.module.__name__.rpartition(".")[2]
    return Shots(OUTPUT / "screenshots" / module / re.sub(r"[^\w.-]+", "_", request.node.name))


def loaded_width(image: Locator) -> int:
    """The image's natural width once it has loaded and decoded (an error if it is broken): being visible is not
    being loaded, a lazy image loads after it scrolls into view."""
    image.scroll_into_view_if_needed()
    return image.evaluate("image => image.decode().then(() => image.naturalWidth)")


def sign_in(page: Page, login: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def fill_declaration(page: Page, values: dict[str, str]) -> None:
    """Type or choose each declaration field of the draft form (`#f-<name>`)."""
    for name, value in values.items():
        field = page.locator(f"#f-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
