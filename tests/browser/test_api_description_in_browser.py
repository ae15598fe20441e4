"""A developer of another system reads the API at /api/docs: Swagger UI from the app's own files draws every
operation under the content security policy, and calls one with a key."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from engine.api_clients.keys import create_client
from engine.models import User
from tests.browser.conftest import Shots
from tests.e2e.api.conftest import AN_HOA


def _key(app) -> str:
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        admin = uow.session.scalar(select(User.id).where(User.username == "quantri"))
    return create_client(
        rt, rt.unit_of_work(), actor_id=admin, name="Trình duyệt", agencies=[AN_HOA], operations=["catalog:read"]
    ).key


def _operations(app) -> int:
    """How many operations the description holds: Swagger UI draws one block for each."""
    paths = app.test_client().get("/api/openapi.json").get_json()["paths"]
    return sum(method in {"get", "post", "put", "patch", "delete"} for item in paths.values() for method in item)


def test_the_description_is_browsable_and_callable(page: Page, shots: Shots, app, demo) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    key = _key(app)
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Một Cửa API")
    expect(page.locator(".opblock")).to_have_count(_operations(app))
    page.get_by_role("button", name="Authorize").click()
    page.locator(".auth-container input").fill(key)
    page.locator(".auth-btn-wrapper .authorize").click()
    page.locator(".btn-done").click()
    page.locator("#operations-api_catalog-get_api_sectors").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
    expect(page.locator(".live-responses-table .response-col_description pre").first).to_contain_text("Hộ tịch")
    shots(page, "api-docs")
    assert [p for p in problems if "Content Security Policy" in p or "script error" in p] == []
