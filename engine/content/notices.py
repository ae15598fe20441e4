"""Mail about an item to the people who act on it next (thông báo tin bài): the editors when it is submitted, the
editor-in-chief when it awaits approval, its author when it is sent back or published; each in the recipient's own
language, queued in the outbox by the step that causes it, once per step and recipient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.languages import LANGUAGES
from engine.models import ContentItem, OutboxMessage, Role, User
from engine.notices.compose import EMAIL, formatted
from engine.questions.notices import staff_with

if TYPE_CHECKING:
    from engine.content.step import ContentStep

# kind -> language -> (subject, body), formatted with the item's code, title and agency, the link and the reason.
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "content_submitted": {
        "vi": (
            "Tin bài {code} chờ biên tập",
            "{agency} đã gửi tin bài «{title}» đến ban biên tập. Hạn đăng: {due}.\n\nBiên tập tại: {link}",
        ),
        "en": (
            "Item {code} awaits editing",
            "{agency} sent the item “{title}” to the editorial board. To be published by {due}.\n\nEdit it at: {link}",
        ),
    },
    "content_awaiting_approval": {
        "vi": (
            "Tin bài {code} chờ duyệt đăng",
            "Biên tập viên đã chuyển tin bài «{title}» ({agency}) để trưởng ban duyệt đăng. Hạn đăng: {due}.\n\n"
            "Duyệt tại: {link}",
        ),
        "en": (
            "Item {code} awaits approval",
            "An editor forwarded the item “{title}” ({agency}) for the editor-in-chief's approval. To be published "
            "by {due}.\n\nApprove it at: {link}",
        ),
    },
    "content_sent_back": {
        "vi": (
            "Tin bài {code} được trả lại để sửa",
            "Ban biên tập trả lại tin bài «{title}» để sửa, với lý do: {reason}\n\nSửa tại: {link}",
        ),
        "en": (
            "Item {code} was sent back to you",
            "The editorial board sent the item “{title}” back to you for this reason: {reason}\n\nFix it at: {link}",
        ),
    },
    "content_published": {
        "vi": ("Tin bài {code} đã được đăng", "Tin bài «{title}» đã được đăng trên cổng thông tin: {link}"),
        "en": ("Item {code} is published", "The item “{title}” is published on the portal: {link}"),
    },
}
_NO_DUE = {"vi": "không có hạn", "en": "no deadline"}


def notify_board(step: ContentStep, kind: str, role: Role) -> None:
    """Tell every member of the board with this role (editors, or the editor-in-chief and deputies)."""
    _queue(step, kind, staff_with(step.session, role), _staff_link(step))


def notify_author(step: ContentStep, kind: str) -> None:
    """Tell the item's author: sent back (with the reason, to the item's page) or published (its public page)."""
    item = step.item
    base = step.runtime.settings.public_url
    link = f"{base}/content/{item.id}/{item.slug}" if kind == "content_published" else _staff_link(step)
    _queue(step, kind, [item.author] if item.author else [], link)


def _staff_link(step: ContentStep) -> str:
    return f"{step.runtime.settings.public_url}/staff/content/{step.item.code}"


def _queue(step: ContentStep, kind: str, recipients: list[User], link: str) -> None:
    item = step.item
    for user in recipients:
        if user.email and user.is_active:
            step.session.add(_message(step, item, kind, user, link))


def _message(step: ContentStep, item: ContentItem, kind: str, user: User, link: str) -> OutboxMessage:
    language = user.language if user.language in LANGUAGES else "vi"
    revising = item.draft is not None  # a revision of a published item has no publishing deadline
    due = item.due_at.astimezone(step.runtime.tz) if item.due_at and not revising else _NO_DUE[language]
    values = {
        "code": item.code,
        "title": item.title,
        "reason": item.sent_back_reason,
        "link": link,
        **formatted({"agency": item.agency, "due": due}, language),
    }
    subject, body = TEMPLATES[kind][language]
    return OutboxMessage(
        dedup_key=f"{kind}:{item.code}:{item.version}:{user.email}"[:160],
        channel=EMAIL,
        recipient=user.email,
        subject=subject.format(**values)[:255],
        body=body.format(**values),
        created_at=step.at,
        next_attempt_at=step.at,
    )
