"""What the content pages read: the board's inbox, an item's page for staff, the public lists, legal search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from engine.content.permissions import CONTENT_ROLES, contributing_agencies, may_see_item
from engine.errors import NotAllowed, NotFound
from engine.models import (
    Agency,
    ContentEdit,
    ContentItem,
    ContentStatus,
    ContentType,
    ContentVersion,
    LegalDocument,
    TaskRow,
    TaskState,
    User,
)
from engine.people.permissions import may_work
from engine.text import fold

PAGE_SIZE = 20
NUMBER = re.compile(r"\b\d+/\d{4}/[\w.-]*[\w]", re.UNICODE)  # 15/2026/QĐ-UBND, 60/2014/QH13


@dataclass(frozen=True)
class ContentTask:
    """One open editorial task as the inbox lists it."""

    task_id: int
    title: str
    code: str
    item_title: str
    content_type: ContentType
    agency: str
    due_at: datetime | None
    late: bool


def content_inbox(session: Session, user: User, now: datetime) -> list[ContentTask]:
    """Open editorial tasks of the user's roles and units, the earliest deadline first."""
    mine = [
        and_(TaskRow.role == a.role, TaskRow.agency_id == a.agency_id) for a in user.roles if a.role in CONTENT_ROLES
    ]
    if not mine or not user.is_active:
        return []
    rows = session.execute(
        select(
            TaskRow.id,
            TaskRow.title,
            ContentItem.code,
            ContentItem.title,
            ContentItem.content_type,
            Agency.name,
            ContentItem.due_at,
            ContentItem.status,
        )
        .join(ContentItem, ContentItem.instance_id == TaskRow.instance_id)
        .join(Agency, Agency.id == ContentItem.agency_id)
        .where(TaskRow.state == TaskState.OPEN, or_(*mine))
        .order_by(ContentItem.due_at.is_(None), ContentItem.due_at, TaskRow.id)
    ).all()
    # a revision of a published item has no publishing deadline left to miss
    late = [row.due_at is not None and row.due_at < now and row.status is not ContentStatus.PUBLISHED for row in rows]
    return [ContentTask(*row[:-1], row_late) for row, row_late in zip(rows, late, strict=True)]


def my_items(session: Session, user: User) -> list[ContentItem]:
    """The items of the agencies the user contributes for, newest first."""
    agencies = contributing_agencies(user)
    if not agencies:
        return []
    query = select(ContentItem).where(ContentItem.agency_id.in_(agencies))
    return list(session.scalars(query.order_by(ContentItem.submitted_at.desc()).limit(100)))


@dataclass(frozen=True)
class ItemView:
    item: ContentItem
    task: TaskRow | None
    may_complete: bool
    versions: list[ContentVersion]
    edits: list[ContentEdit]


def item_view(session: Session, code: str, user: User) -> ItemView:
    """An item with its open task, its published versions and its edits, for the board, supervisors and its
    agency."""
    item = session.scalar(select(ContentItem).where(ContentItem.code == code))
    if item is None:
        raise NotFound(what=f"tin bài {code}")
    if not may_see_item(user, item):
        raise NotAllowed(action="xem tin bài này")
    task = session.scalar(
        select(TaskRow).where(TaskRow.instance_id == item.instance_id, TaskRow.state == TaskState.OPEN).limit(1)
    )
    versions = session.scalars(
        select(ContentVersion).where(ContentVersion.item_id == item.id).order_by(ContentVersion.revision)
    )
    edits = session.scalars(select(ContentEdit).where(ContentEdit.item_id == item.id).order_by(ContentEdit.id))
    return ItemView(item, task, task is not None and may_work(user, task), list(versions), list(edits))


@dataclass(frozen=True)
class ItemsPage:
    items: list[ContentItem]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def published_items(
    session: Session, content_type: ContentType | None = None, *, search: str = "", page: int = 1
) -> ItemsPage:
    """Published items of a type (every type when None), newest first; the search ignores accents and case."""
    query = select(ContentItem).where(ContentItem.status == ContentStatus.PUBLISHED)
    if content_type is not None:
        query = query.where(ContentItem.content_type == content_type)
    return _paged(session, _words(query, search), page)


def featured_news(session: Session, limit: int = 4) -> list[ContentItem]:
    """The featured news for the home page, then the newest news, at most `limit`."""
    query = select(ContentItem).where(
        ContentItem.status == ContentStatus.PUBLISHED, ContentItem.content_type == ContentType.NEWS
    )
    return list(
        session.scalars(
            query.order_by(ContentItem.featured.desc(), ContentItem.published_at.desc(), ContentItem.id.desc()).limit(
                limit
            )
        )
    )


def published_item(session: Session, item_id: int) -> ContentItem:
    item = session.get(ContentItem, item_id)
    if item is None or item.status is not ContentStatus.PUBLISHED:
        raise NotFound(what="tin bài này")
    return item


@dataclass(frozen=True)
class LegalFilter:
    """What a visitor searches legal documents by; every part is optional."""

    number: str = ""
    document_type: str = ""
    issuer: str = ""
    field: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    words: str = ""
    page: int = 1


def legal_documents(session: Session, where: LegalFilter) -> ItemsPage:
    """Published legal documents matching every part of the filter, the newest issued first."""
    query = (
        select(ContentItem)
        .join(LegalDocument, LegalDocument.item_id == ContentItem.id)
        .where(ContentItem.status == ContentStatus.PUBLISHED)
    )
    if where.number.strip():
        query = query.where(LegalDocument.number_folded.contains(fold(where.number), autoescape=True))
    if where.document_type:
        query = query.where(LegalDocument.document_type == where.document_type)
    if where.issuer:
        query = query.where(LegalDocument.issuer == where.issuer)
    if where.field:
        query = query.where(LegalDocument.field == where.field)
    if where.issued_from:
        query = query.where(LegalDocument.issued_on >= where.issued_from)
    if where.issued_to:
        query = query.where(LegalDocument.issued_on <= where.issued_to)
    query = _words(query, where.words).order_by(None)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, where.page)
    rows = session.scalars(
        query.order_by(LegalDocument.issued_on.desc(), ContentItem.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return ItemsPage(list(rows), total, page)


@dataclass(frozen=True)
class LegalChoices:
    """The values the legal search offers in its lists, as published documents carry them."""

    document_types: list[str]
    issuers: list[str]
    fields: list[str]


def legal_choices(session: Session) -> LegalChoices:
    published = (
        select(LegalDocument)
        .join(ContentItem, ContentItem.id == LegalDocument.item_id)
        .where(ContentItem.status == ContentStatus.PUBLISHED)
        .subquery()
    )

    def values(column: str) -> list[str]:
        found = session.scalars(select(published.c[column]).distinct().order_by(published.c[column]))
        return [value for value in found if value]

    return LegalChoices(values("document_type"), values("issuer"), values("field"))


def legal_basis_links(session: Session, lines: list[str]) -> dict[str, int]:
    """{line of a procedure's legal basis: the published legal document it cites}, matched by number and symbol."""
    numbers = {line: fold(found.group(0)) for line in lines if (found := NUMBER.search(line))}
    if not numbers:
        return {}
    rows = session.execute(
        select(LegalDocument.number_folded, ContentItem.id)
        .join(ContentItem, ContentItem.id == LegalDocument.item_id)
        .where(ContentItem.status == ContentStatus.PUBLISHED, LegalDocument.number_folded.in_(set(numbers.values())))
    ).all()
    by_number = dict(rows)
    return {line: by_number[number] for line, number in numbers.items() if number in by_number}


def _words(query: Select, search: str) -> Select:
    for word in fold(search).split()[:8]:
        query = query.where(ContentItem.folded.contains(word, autoescape=True))
    return query.order_by(ContentItem.published_at.desc(), ContentItem.id.desc())


def _paged(session: Session, query: Select, page: int) -> ItemsPage:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page = max(1, page)
    return ItemsPage(list(session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))), total, page)


def sitemap_entries(session: Session) -> list[tuple[int, str, datetime]]:
    """(id, slug, last change) of every published item, for /sitemap.xml."""
    rows = session.execute(
        select(ContentItem.id, ContentItem.slug, ContentItem.updated_at)
        .where(ContentItem.status == ContentStatus.PUBLISHED)
        .order_by(ContentItem.id)
    )
    return [tuple(row) for row in rows]
