"""An item's values as one plain value (the shape of every version's snapshot): read from the item, applied to it,
and kept as a version when published (`content_versions`) or edited (`content_edits`)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engine.content.consultations import opened
from engine.content.rich_text import plain
from engine.content.type_fields import words
from engine.models import ContentEdit, ContentFile, ContentItem, ContentVersion, LegalDocument, LegalStatus, User
from engine.text import fold
from sla.calendar import WorkingCalendar

LEGAL_NAMES = ("number", "document_type", "issuer", "signer", "field")


def values_of(item: ContentItem, tz: ZoneInfo) -> dict[str, Any]:
    """What the item shows now, as `check_draft` returns a draft's values."""
    legal = item.legal
    consultation = item.consultation
    return {
        "title": item.title,
        "title_en": item.title_en,
        "summary": item.summary,
        "body": item.body,
        "source": item.source,
        "category": item.category,
        "featured": item.featured,
        "fields": item.fields or {},
        "event_on": item.event_on.isoformat() if item.event_on else None,
        "legal": {
            **{name: getattr(legal, name) for name in LEGAL_NAMES},
            "issued_on": legal.issued_on.isoformat(),
            "effective_on": legal.effective_on.isoformat() if legal.effective_on else None,
            "legal_status": legal.legal_status.value,
        }
        if legal
        else None,
        "closes_on": _last_day(consultation.closes_at, tz) if consultation else None,
        "files": [{"sha256": f.sha256, "filename": f.filename} for f in item.files],
    }


def apply_values(
    item: ContentItem, values: dict[str, Any], at: datetime, calendar: WorkingCalendar, tz: ZoneInfo
) -> None:
    """Make the item show these values: its text, fields, legal document, closing day and files; the slug and the
    folded search text renewed."""
    for name in ("title", "title_en", "summary", "body", "source", "category", "featured", "fields"):
        setattr(item, name, values[name])
    item.event_on = date.fromisoformat(values["event_on"]) if values["event_on"] else None
    legal = values["legal"]
    if legal:
        item.legal = item.legal or LegalDocument()
        for name in LEGAL_NAMES:
            setattr(item.legal, name, legal[name])
        item.legal.number_folded = fold(legal["number"])
        item.legal.issued_on = date.fromisoformat(legal["issued_on"])
        item.legal.effective_on = date.fromisoformat(legal["effective_on"]) if legal["effective_on"] else None
        item.legal.legal_status = LegalStatus(legal["legal_status"])
    closes_on = values["closes_on"]
    if closes_on and (item.consultation is None or _last_day(item.consultation.closes_at, tz) != closes_on):
        reopened = opened(calendar, tz, date.fromisoformat(closes_on))
        if item.consultation is None:
            item.consultation = reopened
        else:
            item.consultation.closes_at, item.consultation.summary_due_at = reopened.closes_at, reopened.summary_due_at
    linked = {f.sha256: f for f in item.files}
    item.files = [
        linked.get(f["sha256"]) or ContentFile(sha256=f["sha256"], filename=f["filename"], added_at=at)
        for f in values["files"]
    ]
    item.slug = slug(item.title)
    found = [item.title, item.title_en, item.summary, plain(item.body), *words(item.content_type, item.fields)]
    if legal:
        found += [legal[name] for name in LEGAL_NAMES]
    item.folded = fold(" ".join(found))


def published_version(item: ContentItem, at: datetime, approver_id: int | None, tz: ZoneInfo) -> ContentVersion:
    """The next published version of the item, as it stands now."""
    item.revision += 1
    snapshot = values_of(item, tz)
    return ContentVersion(
        item_id=item.id, revision=item.revision, published_at=at, approver_id=approver_id, snapshot=snapshot
    )


def edited(item: ContentItem, step: str, at: datetime, editor: User | None, values: dict[str, Any]) -> ContentEdit:
    """The version one edit left: who, when, in which step, and the values as they stood after it."""
    return ContentEdit(
        item_id=item.id, step=step, edited_at=at, editor_id=editor.id if editor else None, snapshot=values
    )


def slug(title: str) -> str:
    """The words of the title without accents, joined by hyphens, for readable permanent links."""
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:120] or "tin-bai"


def _last_day(closes_at: datetime, tz: ZoneInfo) -> str:
    """The closing day a consultation was given: the day before the local midnight it closes at."""
    return (closes_at.astimezone(tz) - timedelta(days=1)).date().isoformat()
