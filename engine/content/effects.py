"""What an item becomes when the editorial board's diagram passes an element with a behaviour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from engine.content.notices import notify_author, notify_board
from engine.models import ContentItem, ContentStatus, ContentVersion, Role

if TYPE_CHECKING:
    from engine.content.step import ContentStep


def content_edited(step: ContentStep, data: dict[str, Any]) -> None:
    """Forwarded to the editor-in-chief, or (with its reason) on the way back to the contributor."""
    form = data["edit_content"]
    if form["decision"] == "send_back":
        step.item.sent_back_reason = form["reason"]
    else:
        step.item.status = ContentStatus.IN_APPROVAL
        notify_board(step, "content_awaiting_approval", Role.EDITOR_IN_CHIEF)


def content_reviewed(step: ContentStep, data: dict[str, Any]) -> None:
    form = data["approve_content"]
    if form["decision"] == "send_back":
        step.item.sent_back_reason = form["reason"]


def content_sent_back(step: ContentStep, data: dict[str, Any]) -> None:
    step.item.status = ContentStatus.SENT_BACK
    notify_author(step, "content_sent_back")


def content_fixed(step: ContentStep, data: dict[str, Any]) -> None:
    step.item.status = ContentStatus.SUBMITTED
    step.item.sent_back_reason = ""
    notify_board(step, "content_submitted", Role.CONTENT_EDITOR)


def content_published(step: ContentStep, data: dict[str, Any]) -> None:
    """Published with its approver; what was published is kept as the item's next version."""
    item = step.item
    item.status = ContentStatus.PUBLISHED
    item.approver = step.actor
    item.published_at = step.at
    item.first_published_at = item.first_published_at or step.at
    step.session.add(published_version(item, step.at, step.actor.id if step.actor else None))
    notify_author(step, "content_published")


def published_version(item: ContentItem, at: datetime, approver_id: int | None) -> ContentVersion:
    """The next version of the item, as it stands now."""
    item.revision += 1
    legal = item.legal
    snapshot = {
        "title": item.title,
        "title_en": item.title_en,
        "summary": item.summary,
        "body": item.body,
        "source": item.source,
        "category": item.category,
        "featured": item.featured,
        "files": [f.sha256 for f in item.files],
        **({"fields": item.fields} if item.fields else {}),
        **(
            {
                "number": legal.number,
                "document_type": legal.document_type,
                "issuer": legal.issuer,
                "signer": legal.signer,
                "issued_on": legal.issued_on.isoformat(),
                "effective_on": legal.effective_on.isoformat() if legal.effective_on else None,
                "legal_status": legal.legal_status.value,
                "field": legal.field,
            }
            if legal
            else {}
        ),
    }
    return ContentVersion(
        item_id=item.id, revision=item.revision, published_at=at, approver_id=approver_id, snapshot=snapshot
    )


EFFECTS: dict[str, Callable[[ContentStep, dict[str, Any]], None]] = {
    "edit_content": content_edited,
    "approve_content": content_reviewed,
    "content_sent_back": content_sent_back,
    "fix_content": content_fixed,
    "content_published": content_published,
}
