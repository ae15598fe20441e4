"""Staff pages of the editorial board: the inbox of editorial tasks, the item editor, an item with its task form
(the item's values editable in every task), a revision of a published item, unpublishing, and the per-agency
report."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.content.consultations import comments, moderate, pending_comments, publish_summary
from engine.content.drafts import CATEGORIES, ItemDraft, LegalFields
from engine.content.permissions import contributing_agencies, is_chief, may_revise, on_the_board
from engine.content.queries import ItemView, content_inbox, item_view, my_items
from engine.content.services import complete_content_task, correct_published, revise_item, submit_item, unpublish_item
from engine.content.type_fields import MAX_ROWS, TYPE_FIELDS, from_form, to_form
from engine.content.versions import values_of
from engine.errors import DomainError, InvalidData, NotAllowed, NotFound
from engine.models import Agency, ContentType, LegalStatus, Role, User
from engine.uploads import Upload
from forms.validation import load_form
from reports.content import contribution_report, totals
from webapp.content import iso_date
from webapp.domain_errors import error_text, field_errors
from webapp.downloads import uploaded_file
from webapp.labels import step_title
from webapp.numbers import int_field
from webapp.staff import form_data, staff_required
from webapp.task_posts import complete_posted_task

bp = Blueprint("staff_content", __name__, url_prefix="/staff/content")

DRAFT_FIELDS = ("content_type", "title", "title_en", "summary", "body", "source", "category", "event_on", "closes_on")
LEGAL_FIELDS = ("number", "document_type", "issuer", "signer", "issued_on", "effective_on", "legal_status", "field")
REPORT_ROLES = (Role.SUPERVISOR, Role.CONTENT_EDITOR, Role.EDITOR_IN_CHIEF)


def _user(session: Any) -> User:
    return session.get(User, current_user.id)


@bp.route("")
@staff_required
def inbox() -> ResponseReturnValue:
    """Open editorial tasks of the user's roles; a contributor also sees the items of their agency."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        user = _user(uow.session)
        rows = content_inbox(uow.session, user, rt.clock.now())
        items = my_items(uow.session, user)
        waiting = pending_comments(uow.session) if on_the_board(user) else []
        may_submit, may_report = bool(contributing_agencies(user)), any(a.role in REPORT_ROLES for a in user.roles)
    return render_template(
        "staff/content/inbox.html",
        rows=rows,
        items=items,
        waiting=waiting,
        may_submit=may_submit,
        may_report=may_report,
        tz=rt.tz,
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new_item() -> ResponseReturnValue:
    """The item editor: a contributor writes an item of any type, with its files, and submits it to the board."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        agencies = contributing_agencies(_user(uow.session))
        if not agencies:
            abort(403)
        agency_names = dict(uow.session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agencies))).all())
    data = _posted()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            moved = submit_item(
                rt,
                rt.unit_of_work(),
                actor_id=current_user.id,
                draft=_draft(data),
                agency_id=int_field(request.form, "agency", None),
            )
        except InvalidData as invalid:
            errors, status = field_errors(invalid.errors), 400
        except DomainError as error:
            flash(error_text(error), "error")
            status = 403
        else:
            flash(_("Đã gửi tin bài %(code)s đến ban biên tập.", code=moved.code), "info")
            return redirect(url_for("staff_content.item_page", code=moved.code)), 303
    return render_template("staff/content/new.html", **_editor(data, errors) | {"agencies": agency_names}), status


def _editor(data: dict[str, Any], errors: dict[str, str], fixed_type: ContentType | None = None) -> dict[str, Any]:
    """What the item's fields (staff/content/_item_fields.html) are drawn with."""
    return {
        "data": data,
        "errors": errors,
        "fixed_type": fixed_type,
        "types": list(ContentType),
        "categories": CATEGORIES,
        "legal_statuses": list(LegalStatus),
        "type_fields": TYPE_FIELDS,
        "rows": _rows(data),
        "agencies": {},
    }


def _posted(content_type: ContentType | None = None) -> dict[str, Any]:
    """The item's values as the form posted them (its type fixed for an edit)."""
    data = {name: request.form.get(name, "") for name in (*DRAFT_FIELDS, *LEGAL_FIELDS, "agency")}
    if content_type is not None:
        data["content_type"] = content_type.value
    data["featured"] = bool(request.form.get("featured"))
    data["kept_files"] = request.form.getlist("keep_file")
    typed = _typed(data)
    if typed is not None:  # blank schedule lines left out, so that each message names the line it is shown on
        data |= to_form(typed, from_form(typed, request.form))
    return data


def _prefilled(content_type: ContentType, values: dict[str, Any]) -> dict[str, Any]:
    """The form of an edit, filled with the item's values as they stand (a revision's while one is under way)."""
    legal = values["legal"] or {}
    data = {name: values.get(name) or "" for name in DRAFT_FIELDS} | {
        name: legal.get(name) or "" for name in LEGAL_FIELDS
    }
    data |= {
        "content_type": content_type.value,
        "featured": values["featured"],
        "kept_files": [f["sha256"] for f in values["files"]],
    }
    return data | to_form(content_type, values["fields"])


def _typed(data: dict[str, Any]) -> ContentType | None:
    """The type the form is for, when it has fields of its own."""
    return next((t for t in TYPE_FIELDS if t.value == data["content_type"]), None)


def _rows(data: dict[str, Any]) -> int:
    """How many schedule lines the form offers: two more than the last one typed, at least five."""
    typed = [int(name.split("-")[2]) for name in data if re.fullmatch(r"f-entries-\d+-\w+", name) and data[name]]
    return min(MAX_ROWS, max(5, max(typed, default=-1) + 3))


def _draft(data: dict[str, Any]) -> ItemDraft:
    files = [Upload(f.filename or "", f.read()) for f in request.files.getlist("files") if f.filename]
    legal = LegalFields(**{name: data[name] for name in LEGAL_FIELDS}) if data["content_type"] == "legal" else None
    typed = _typed(data)
    fields = from_form(typed, data) if typed else {}
    return ItemDraft(
        **{name: data[name] for name in DRAFT_FIELDS},
        featured=data["featured"],
        legal=legal,
        fields=fields,
        files=files,
        kept_files=tuple(data["kept_files"]),
    )


@bp.route("/<code>", methods=["GET", "POST"])
@staff_required
def item_page(code: str) -> ResponseReturnValue:
    """The item as it stands, its versions, and the form of its open task with the item's values to edit; posting
    the form completes the task with the values as edited."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    with rt.unit_of_work() as uow:
        view = _view_or_abort(uow.session, code)
        user = _user(uow.session)
        chief, board, revises = is_chief(user), on_the_board(user), may_revise(user, view.item)
        summarises = board or view.item.agency_id in contributing_agencies(user)
        all_comments = comments(uow.session, view.item.id) if view.item.consultation else []
        closed = view.item.consultation is not None and rt.clock.now() >= view.item.consultation.closes_at
        working = view.item.draft if view.item.draft is not None else values_of(view.item, rt.tz)
    content_type = view.item.content_type
    form = load_form(view.task.form) if view.task else None
    posted = request.method == "POST" and view.may_complete
    data = form_data(form, request.form) if posted else {}
    item_data = _posted(content_type) if posted else _prefilled(content_type, working)
    if posted:
        done = _("Đã hoàn thành bước «%(title)s» của tin bài %(code)s.", title=step_title(view.task), code=code)
        edited = _draft(item_data) if "title" in request.form else None  # a form without the item's fields
        complete = partial(complete_content_task, item=edited)
        response, errors, status = complete_posted_task(complete, rt, view.task.id, data, done, "staff_content.inbox")
        if response is not None:
            return response
    return render_template(
        "staff/content/item.html",
        view=view,
        form=form,
        data=data,
        editor=_editor(item_data, errors, content_type) | {"kept_files": working["files"]},
        errors=errors,
        chief=chief,
        board=board,
        revises=revises,
        summarises=summarises and closed,
        comments=all_comments,
        tz=rt.tz,
    ), status


@bp.route("/<code>/revise", methods=["GET", "POST"])
@staff_required
def revise(code: str) -> ResponseReturnValue:
    """A revision of a published item: its values to change, sent through the whole board; the published version
    stays public until the revision is approved."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        view = _view_or_abort(uow.session, code)
        if not may_revise(_user(uow.session), view.item):
            abort(403)
        item, values = view.item, values_of(view.item, rt.tz)
    data = _posted(item.content_type) if request.method == "POST" else _prefilled(item.content_type, values)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            revise_item(
                rt,
                rt.unit_of_work(),
                code=code,
                actor_id=current_user.id,
                draft=_draft(data),
                expected_version=int_field(request.form, "version", 0),
            )
        except InvalidData as invalid:
            errors, status = field_errors(invalid.errors), 400
        except DomainError as error:
            flash(error_text(error), "error")
            status = 409
        else:
            flash(_("Đã gửi bản sửa đổi của tin bài %(code)s đến ban biên tập.", code=code), "info")
            return redirect(url_for("staff_content.item_page", code=code)), 303
    editor = _editor(data, errors, item.content_type) | {"kept_files": values["files"]}
    return render_template("staff/content/revise.html", item=item, **editor), status


def _view_or_abort(session: Any, code: str) -> ItemView:
    try:
        return item_view(session, code, _user(session))
    except (NotFound, NotAllowed):  # another agency's item answers as a missing one: codes cannot be probed
        abort(404)


@bp.route("/<code>/unpublish", methods=["POST"])
@staff_required
def unpublish(code: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        unpublish_item(
            rt, rt.unit_of_work(), code=code, actor_id=current_user.id, reason=request.form.get("reason", "")
        )
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_text(error), "error")
    else:
        flash(_("Đã gỡ tin bài %(code)s khỏi cổng; hồ sơ tin bài vẫn được lưu.", code=code), "info")
    return redirect(url_for("staff_content.item_page", code=code)), 303


@bp.route("/comments/<int:comment_id>", methods=["POST"])
@staff_required
def moderate_comment(comment_id: int) -> ResponseReturnValue:
    """An editor publishes or rejects a comment, then goes back where they came from."""
    rt = current_app.extensions["motcua"]
    try:
        moderate(
            rt,
            rt.unit_of_work(),
            comment_id=comment_id,
            actor_id=current_user.id,
            publish=request.form.get("decision") == "publish",
        )
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_text(error), "error")
    else:
        flash(_("Đã kiểm duyệt góp ý."), "info")
    code = request.form.get("code", "")[:20]
    return redirect(url_for("staff_content.item_page", code=code) if code else url_for("staff_content.inbox")), 303


@bp.route("/<code>/summary", methods=["POST"])
@staff_required
def summary(code: str) -> ResponseReturnValue:
    """The drafting agency publishes the summary of comments and its answers, once the consultation closed."""
    rt = current_app.extensions["motcua"]
    try:
        publish_summary(
            rt, rt.unit_of_work(), code=code, actor_id=current_user.id, summary=request.form.get("summary", "")
        )
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_text(error), "error")
    else:
        flash(_("Đã công bố tổng hợp ý kiến."), "info")
    return redirect(url_for("staff_content.item_page", code=code)), 303


@bp.route("/<code>/correct", methods=["POST"])
@staff_required
def correct(code: str) -> ResponseReturnValue:
    """The editor-in-chief corrects a published item: its next version, published at once."""
    rt = current_app.extensions["motcua"]
    text = {name: request.form.get(name, "") for name in ("title", "summary", "body")}
    try:
        correct_published(
            rt, rt.unit_of_work(), code=code, actor_id=current_user.id, text=text, reason=request.form.get("reason", "")
        )
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error_text(error), "error")
    else:
        flash(_("Đã đăng bản đính chính của tin bài %(code)s.", code=code), "info")
    return redirect(url_for("staff_content.item_page", code=code)), 303


@bp.route("/<code>/files/<int:file_id>")
@staff_required
def item_file(code: str, file_id: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        item = _view_or_abort(uow.session, code).item
        found = next((f for f in item.files if f.id == file_id), None)
        if found is None:
            abort(404)
        media_type, name = found.stored.media_type, found.filename
        content = rt.files.read(found.sha256)
    return uploaded_file(content, media_type, name)


@bp.route("/report")
@staff_required
def report() -> ResponseReturnValue:
    """Per contributing agency and period: submitted, published on time and late, waiting, flagged late."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        user = _user(uow.session)
        if not (on_the_board(user) or any(a.role is Role.SUPERVISOR for a in user.roles)):
            abort(403)
    today = rt.clock.now().astimezone(rt.tz).date()
    first = iso_date(request.args.get("from", "")) or today.replace(day=1)
    last = iso_date(request.args.get("to", "")) or today
    if last < first:
        first, last = last, first
    start = datetime.combine(first, time.min, rt.tz)
    end = datetime.combine(last + timedelta(days=1), time.min, rt.tz)
    with rt.unit_of_work() as uow:
        lines = contribution_report(uow.session, start, end, rt.clock.now())
    return render_template("staff/content/report.html", lines=lines, total=totals(lines), first=first, last=last)
