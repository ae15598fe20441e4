"""What an item becomes when the editorial board's diagram passes an element with a behaviour."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.content.notices import notify_author, notify_board
from engine.content.versions import apply_values, published_version
from engine.models import ContentItem, ContentStatus, Role

if TYPE_CHECKING:
    from engine.content.step import ContentStep


def content_edited(step: ContentStep, data: dict[str, Any]) -> None:
    """Forwarded to the editor-in-chief, or (with its reason) on the way back to the contributor."""
    form = data["edit_content"]
    if form["decision"] == "send_back":
        step.item.sent_back_reason = form["reason"]
    else:
        _moved(step.item, ContentStatus.IN_APPROVAL)
        notify_board(step, "content_awaiting_approval", Role.EDITOR_IN_CHIEF)


def content_reviewed(step: ContentStep, data: dict[str, Any]) -> None:
    form = data["approve_content"]
    if form["decision"] == "send_back":
        step.item.sent_back_reason = form["reason"]


def content_sent_back(step: ContentStep, data: dict[str, Any]) -> None:
    _moved(step.item, ContentStatus.SENT_BACK)
    notify_author(step, "content_sent_back")


def content_fixed(step: ContentStep, data: dict[str, Any]) -> None:
    _moved(step.item, ContentStatus.SUBMITTED)
    step.item.sent_back_reason = ""
    notify_board(step, "content_submitted", Role.CONTENT_EDITOR)


def content_published(step: ContentStep, data: dict[str, Any]) -> None:
    """Published with its approver (a revision replaces what was public); what was published is kept as the item's
    next version."""
    item = step.item
    if item.draft is not None:
        apply_values(item, item.draft, step.at, step.calendar, step.runtime.tz)
        item.draft, item.draft_status = None, None
    item.status = ContentStatus.PUBLISHED
    item.approver = step.actor
    item.published_at = step.at
    item.first_published_at = item.first_published_at or step.at
    approver_id = step.actor.id if step.actor else None
    step.session.add(published_version(item, step.at, approver_id, step.runtime.tz))
    notify_author(step, "content_published")


def _moved(item: ContentItem, status: ContentStatus) -> None:
    """Where the item stands on the board; a revision's place is its own, the published item stays public."""
    if item.draft is None:
        item.status = status
    else:
        item.draft_status = status


EFFECTS: dict[str, Callable[[ContentStep, dict[str, Any]], None]] = {
    "edit_content": content_edited,
    "approve_content": content_reviewed,
    "content_sent_back": content_sent_back,
    "fix_content": content_fixed,
    "content_published": content_published,
}
