"""The demo content puts items of every type in every state, through the services; loading again adds nothing."""

from __future__ import annotations

from sqlalchemy import select

from engine.content.demo import load_demo_content
from engine.models import ContentItem, ContentStatus, ContentType


def test_demo_content_covers_every_type_and_state_once(runtime, demo):
    assert load_demo_content(runtime) == 22
    assert load_demo_content(runtime) == 0
    with runtime.unit_of_work() as uow:
        items = list(uow.session.scalars(select(ContentItem)))
    assert {item.status for item in items} == set(ContentStatus)
    assert {item.content_type for item in items if item.status is ContentStatus.PUBLISHED} == set(ContentType)
