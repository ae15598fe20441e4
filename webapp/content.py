"""The portal's public content: lists per type, items under permanent links, legal document search, Atom feeds and
the sitemap. Views parse the request, call one query, render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from engine.content.consultations import comment, comments
from engine.content.organisation import organisation
from engine.content.queries import (
    LegalFilter,
    legal_choices,
    legal_documents,
    published_item,
    published_items,
    sitemap_entries,
)
from engine.errors import DomainError, InvalidData, NotFound
from engine.models import CommentStatus, ContentType
from webapp.content_labels import TYPE_LABELS
from webapp.content_metadata import atom_feed, json_ld
from webapp.domain_errors import error_text, field_errors
from webapp.downloads import uploaded_file
from webapp.limits import limiter
from webapp.numbers import int_field
from webapp.public_address import public_url_for

bp = Blueprint("content", __name__)


def _kind(kind: str) -> ContentType:
    try:
        return ContentType(kind)
    except ValueError:
        abort(404)


@bp.route("/content/<kind>")
def listing(kind: str) -> ResponseReturnValue:
    """Published items of one type, newest first, searchable without accents."""
    content_type = _kind(kind)
    if content_type is ContentType.LEGAL:
        return redirect(url_for("content.legal"))
    search = request.args.get("q", "")[:120]
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        page = published_items(uow.session, content_type, search=search, page=int_field(request.args, "page", 1, low=1))
    return render_template("content/listing.html", page=page, content_type=content_type, search=search, tz=rt.tz)


@bp.route("/about/organisation")
def organisation_page() -> ResponseReturnValue:
    """The province's agencies from the agency tree, with addresses, phones and their leaders' official contacts."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        units = organisation(uow.session)
        return render_template("content/organisation.html", units=units)


@bp.route("/content/<int:item_id>")
@bp.route("/content/<int:item_id>/<slug>")
def item_page(item_id: int, slug: str = "") -> ResponseReturnValue:
    """An item under its permanent link; the number is what counts, a changed title only changes the words after it."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        item = _published_or_404(uow.session, item_id)
        if slug != item.slug:
            return redirect(url_for("content.item_page", item_id=item.id, slug=item.slug), 301)
        return _item(uow.session, item, rt)


@bp.route("/content/<int:item_id>/print")
def print_page(item_id: int) -> ResponseReturnValue:
    """The item as it prints: its text, fields and files, without the portal's navigation or forms."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        return _item(uow.session, _published_or_404(uow.session, item_id), rt, printing=True)


def _published_or_404(session: Any, item_id: int) -> Any:
    try:
        return published_item(session, item_id)
    except NotFound:
        abort(404)


def _item(
    session: Any,
    item: Any,
    rt: Any,
    data: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    *,
    printing: bool = False,
) -> str:
    """The item's page with its published comments and schema.org metadata; a refused comment's data and errors."""
    consultation = item.consultation
    is_open = consultation is not None and rt.clock.now() < consultation.closes_at
    last_day = (consultation.closes_at.astimezone(rt.tz) - timedelta(days=1)).date() if consultation else None
    return render_template(
        "content/item.html",
        item=item,
        metadata=json_ld(item),
        comments=comments(session, item.id, CommentStatus.PUBLISHED) if consultation else [],
        is_open=is_open,
        last_day=last_day,
        data=data or {},
        errors=errors or {},
        printing=printing,
        tz=rt.tz,
    )


@bp.route("/content/<int:item_id>/comments", methods=["POST"])
@limiter.limit("10 per hour;30 per day")
def post_comment(item_id: int) -> ResponseReturnValue:
    """A comment on an open consultation: received for moderation, shown once an editor publishes it."""
    rt = current_app.extensions["motcua"]
    data = {name: request.form.get(name, "")[:10000] for name in ("name", "contact", "body")}
    try:
        comment(rt, rt.unit_of_work(), item_id=item_id, **data)
    except NotFound:
        abort(404)
    except InvalidData as invalid:
        with rt.unit_of_work() as uow:
            page = _item(uow.session, published_item(uow.session, item_id), rt, data, field_errors(invalid.errors))
        return page, 400
    except DomainError as error:
        flash(error_text(error), "error")
        return redirect(url_for("content.item_page", item_id=item_id)), 303
    flash(_("Đã nhận góp ý của bạn. Góp ý được công khai sau khi ban biên tập kiểm duyệt."), "info")
    return redirect(url_for("content.item_page", item_id=item_id)), 303


@bp.route("/content/<int:item_id>/files/<int:file_id>")
def item_file(item_id: int, file_id: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        item = _published_or_404(uow.session, item_id)
        found = next((f for f in item.files if f.id == file_id), None)
        if found is None:
            abort(404)
        media_type, name = found.stored.media_type, found.filename
        content = rt.files.read(found.sha256)
    return uploaded_file(content, media_type, name)


@bp.route("/legal")
def legal() -> ResponseReturnValue:
    """Legal documents searched by number, type, issuer, field, issue dates and words (accents optional)."""
    args = request.args
    where = LegalFilter(
        number=args.get("number", "")[:80],
        document_type=args.get("type", "")[:40],
        issuer=args.get("issuer", "")[:255],
        field=args.get("field", "")[:120],
        issued_from=iso_date(args.get("from", "")),
        issued_to=iso_date(args.get("to", "")),
        words=args.get("q", "")[:120],
        page=int_field(args, "page", 1, low=1),
    )
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        page, choices = legal_documents(uow.session, where), legal_choices(uow.session)
    return render_template("content/legal.html", page=page, where=where, choices=choices, tz=rt.tz)


@bp.route("/feeds/<kind>.atom")
def feed(kind: str) -> ResponseReturnValue:
    """The Atom feed of a type's 20 newest published items."""
    content_type = _kind(kind)
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        items = published_items(uow.session, content_type).items
        body = atom_feed(content_type, str(TYPE_LABELS[content_type]), items, rt.clock.now())
    return Response(body, mimetype="application/atom+xml")


@bp.route("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    """The public pages and every published item, for search engines and other portals."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        entries = sitemap_entries(uow.session)
    endpoints = (
        "home.index",
        "catalog.index",
        "questions.index",
        "content.legal",
        "content.organisation_page",
        "dossier_list.daily",
    )
    pages = [public_url_for(endpoint) for endpoint in endpoints]
    pages += [public_url_for("content.listing", kind=t.value) for t in ContentType if t is not ContentType.LEGAL]
    items = [(public_url_for("content.item_page", item_id=i, slug=s), changed) for i, s, changed in entries]
    xml = render_template("content/sitemap.xml", pages=pages, items=items)
    return Response(xml, mimetype="application/xml")


def iso_date(text: str) -> date | None:
    """The day a query string writes as YYYY-MM-DD, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
