"""Metadata for exchange with other portals: schema.org JSON-LD of an item, its Atom feed, the sitemap."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator

from engine.models import ContentItem, ContentType
from webapp.public_address import public_url_for

SCHEMA_TYPES = {
    ContentType.NEWS: "NewsArticle",
    ContentType.URGENT: "NewsArticle",
    ContentType.DIRECTION: "Article",
    ContentType.INTRODUCTION: "WebPage",
    ContentType.LEGAL: "Legislation",
    ContentType.PLANNING: "Article",
    ContentType.CONSULTATION: "Article",
    ContentType.SCHEDULE: "EventSeries",
    ContentType.BUDGET: "Dataset",
    ContentType.PRICES: "Article",
    ContentType.INVESTMENT: "Project",
    ContentType.PROCUREMENT: "Article",
    ContentType.STATISTICS: "Dataset",
}


def item_url(item: ContentItem) -> str:
    """The item's permanent link, as the outside world is given it."""
    return public_url_for("content.item_page", item_id=item.id, slug=item.slug)


def json_ld(item: ContentItem) -> dict[str, Any]:
    """The item described with schema.org: an article, a page, or a legal document with its number and dates."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[item.content_type],
        "url": item_url(item),
        "inLanguage": "vi",
        "publisher": {"@type": "GovernmentOrganization", "name": item.agency.name},
        "datePublished": item.first_published_at.isoformat() if item.first_published_at else None,
        "dateModified": item.published_at.isoformat() if item.published_at else None,
    }
    if item.content_type is ContentType.LEGAL and item.legal is not None:
        legal = item.legal
        data |= {
            "name": item.title,
            "legislationIdentifier": legal.number,
            "legislationType": legal.document_type,
            "legislationDate": legal.issued_on.isoformat(),
            "legislationPassedBy": {"@type": "GovernmentOrganization", "name": legal.issuer},
            "legislationLegalForce": {"in_force": "InForce", "amended": "PartiallyInForce", "repealed": "NotInForce"}[
                legal.legal_status.value
            ],
            "abstract": item.summary,
        }
        if legal.effective_on:
            data["legislationDateOfApplicability"] = legal.effective_on.isoformat()
    elif data["@type"] in ("Dataset", "Project", "EventSeries"):
        data |= {"name": item.title, "description": item.summary or item.title, **_typed(item)}
    else:
        data |= {"headline": item.title, "description": item.summary}
        if item.source:
            data["sourceOrganization"] = {"@type": "Organization", "name": item.source}
    return {key: value for key, value in data.items() if value is not None}


def _typed(item: ContentItem) -> dict[str, Any]:
    """What schema.org says of a schedule (its sessions as events), a dataset (its period and files) or a project."""
    fields = item.fields or {}
    if item.content_type is ContentType.SCHEDULE:
        events = [
            {
                "@type": "Event",
                "name": entry["content"],
                "startDate": f"{entry['day']}T{entry['time']}",
                "location": {"@type": "Place", "name": entry["place"]},
                "organizer": {"@type": "Person", "name": entry["leader"]},
            }
            for entry in fields.get("entries", [])
        ]
        return {"subEvent": events}
    if item.content_type is ContentType.INVESTMENT:
        return {
            "alternateName": fields.get("name"),
            "funder": {"@type": "Organization", "name": fields.get("investor")},
        }
    period = fields.get("fiscal_year") or fields.get("period")
    files = [
        {
            "@type": "DataDownload",
            "name": f.filename,
            "contentUrl": public_url_for("content.item_file", item_id=item.id, file_id=f.id),
        }
        for f in item.files
    ]
    return {"temporalCoverage": period, "distribution": files or None}


def atom_feed(content_type: ContentType, title: str, items: list[ContentItem], now: datetime) -> bytes:
    """The Atom feed of a type's newest published items."""
    feed = FeedGenerator()
    feed.id(public_url_for("content.feed", kind=content_type.value))
    feed.title(title)
    feed.language("vi")
    feed.link(href=public_url_for("content.feed", kind=content_type.value), rel="self")
    feed.link(href=public_url_for("content.listing", kind=content_type.value), rel="alternate")
    feed.updated(max((item.published_at for item in items), default=now))
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item_url(item))
        entry.title(item.title)
        entry.link(href=item_url(item))
        entry.published(item.first_published_at)
        entry.updated(item.published_at)
        entry.author({"name": item.agency.name})
        entry.summary(item.summary or item.title)
    return feed.atom_str(pretty=True)
