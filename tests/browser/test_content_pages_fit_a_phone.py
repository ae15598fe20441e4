"""On a 390 px phone, the portal's content pages and the editorial board's pages fit the screen: nothing scrolls
sideways, for a visitor and for the demo's contributor, editor and editor-in-chief."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from playwright.sync_api import Page
from sqlalchemy import select

from engine.content.demo import load_demo_content
from engine.models import ContentItem
from engine.models.content import ContentStatus, ContentType
from tests.browser.conftest import Shots, assert_fits, sign_in
from tests.e2e.test_public_dossier_list import dossiers_of_the_day
from tests.integration.content.conftest import Board
from tests.integration.engine.conftest import Desk

BOARD = ["ctv.svhttdl", "bientapvien", "truongban"]
TYPED = (ContentType.SCHEDULE, ContentType.BUDGET, ContentType.PRICES, ContentType.INVESTMENT, ContentType.PROCUREMENT)


@pytest.fixture
def items(app: Flask, demo, clock) -> dict[str, ContentItem]:
    """The demo's items, and one just submitted, so that the board has an item waiting: the pages' items by kind."""
    runtime = app.extensions["motcua"]
    assert load_demo_content(runtime) > 0
    board = Board(runtime, clock)
    waiting = board.item(board.submit())

    def published(kind: ContentType) -> ContentItem:
        with runtime.unit_of_work() as uow:
            return uow.session.scalars(
                select(ContentItem)
                .where(ContentItem.content_type == kind, ContentItem.status == ContentStatus.PUBLISHED)
                .order_by(ContentItem.id)
            ).first()

    return {
        "news": published(ContentType.NEWS),
        "legal": published(ContentType.LEGAL),
        "consultation": published(ContentType.CONSULTATION),
        **{kind.value: published(kind) for kind in TYPED},
        "waiting": waiting,
    }


def _url(app: Flask, endpoint: str, **values: object) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def _visit(page: Page, url: str, shots: Shots, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert_fits(page, url)
    shots(page, name)


def test_public_content_pages_fit_a_phone(phone: Page, app: Flask, items, clock, shots: Shots) -> None:
    dossiers_of_the_day(Desk(app.extensions["motcua"], clock))  # so that the dossier list has lines to fit
    pages = {
        "news": _url(app, "content.listing", kind="news"),
        "news-item": _url(app, "content.item_page", item_id=items["news"].id, slug=items["news"].slug),
        "legal-search": _url(app, "content.legal", q="quy che"),
        "legal-document": _url(app, "content.item_page", item_id=items["legal"].id, slug=items["legal"].slug),
        "organisation": _url(app, "content.organisation_page"),
        "consultation": _url(
            app, "content.item_page", item_id=items["consultation"].id, slug=items["consultation"].slug
        ),
        "schedules": _url(app, "content.listing", kind="schedule"),
        **{
            f"{kind.value}-item": _url(
                app, "content.item_page", item_id=items[kind.value].id, slug=items[kind.value].slug
            )
            for kind in TYPED
        },
        "schedule-print": _url(app, "content.print_page", item_id=items["schedule"].id),
        "dossiers-received": _url(app, "dossier_list.daily"),
        "dossiers-to-supplement": _url(app, "dossier_list.daily", section="supplement"),
    }
    for name, url in pages.items():
        _visit(phone, url, shots, name)


@pytest.mark.parametrize("login", BOARD)
def test_editorial_board_pages_fit_a_phone(login: str, phone: Page, app: Flask, items, shots: Shots) -> None:
    page = phone
    sign_in(page, login)
    _visit(page, _url(app, "staff_content.inbox"), shots, "inbox")
    offered = [
        (text, endpoint)
        for text, endpoint in [
            ("Viết tin bài mới", "staff_content.new_item"),
            ("Báo cáo cung cấp tin", "staff_content.report"),
        ]
        if page.get_by_role("link", name=text).count()
    ]
    for _, endpoint in offered:
        _visit(page, _url(app, endpoint), shots, endpoint.split(".")[-1])
    for kind in ("waiting", "news", "consultation"):  # the contributor's agency's, so every role may see them
        _visit(page, _url(app, "staff_content.item_page", code=items[kind].code), shots, f"item-{kind}")
    if login == "ctv.svhttdl":
        assert [text for text, _ in offered] == ["Viết tin bài mới"]
    if login == "truongban":
        assert "Báo cáo cung cấp tin" in [text for text, _ in offered]
