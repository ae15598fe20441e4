"""The main pages work under the content security policy: chromium reports no violation (a refused inline script or
style, a blocked font or image) and no script error on the portal, the staff inbox and task page, the dossier's and
the administrator's bpmn-js diagrams, the agencies tree and the reports with their charts."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from engine.models import ProcessDefinition
from tests.browser.conftest import Shots, sign_in
from tests.known_dossiers import load_known_dossiers


def _diagram_drawn(page: Page) -> None:
    expect(page.locator("[data-diagram]")).to_have_attribute("data-state", "ready")
    expect(page.locator("[data-diagram] svg").first).to_be_visible()


def test_main_pages_raise_no_violation(page: Page, shots: Shots, app, demo, dossier, violations) -> None:
    runtime = app.extensions["motcua"]
    load_known_dossiers(runtime)
    with runtime.unit_of_work() as uow:
        key, version = uow.session.execute(
            select(ProcessDefinition.process_key, ProcessDefinition.version).order_by(ProcessDefinition.id).limit(1)
        ).one()

    page.goto("/")
    page.goto("/statistics")
    expect(page.locator("svg.chart")).to_be_visible()
    sign_in(page, "motcua.anhoa")
    page.goto("/staff/tasks")
    page.get_by_role("link", name=dossier).first.click()
    expect(page.locator("h1")).to_contain_text("Kiểm tra tính đầy đủ")
    page.goto(f"/staff/dossiers/{dossier}")
    _diagram_drawn(page)
    shots(page, "dossier-diagram")
    page.context.clear_cookies()
    sign_in(page, "quantri")
    page.goto(f"/admin/diagrams/{key}/{version}")
    _diagram_drawn(page)
    shots(page, "admin-diagram")
    page.goto("/admin/agencies")
    expect(page.locator("span.indent").first).to_be_attached()
    page.context.clear_cookies()
    sign_in(page, "giamsat")
    page.goto("/reports?period=month&year=2026&number=10")
    expect(page.locator("svg.chart")).to_be_visible()
    shots(page, "report")
    assert violations == []


def test_an_inline_style_is_refused_and_seen(page: Page, violations) -> None:
    """The check above can fail: a style attribute put into the page is refused, and the refusal is collected."""
    page.goto("/login")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    expect(page.locator("p", has_text="x")).to_be_attached()
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")  # let the console message through
    assert any("inline style" in found for found in violations), violations
