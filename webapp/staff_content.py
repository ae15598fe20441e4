"""Staff pages of the editorial board: the inbox of editorial tasks, the item editor, an item with its task form,
unpublishing, and the per-agency report."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.content.consultations import comments, moderate, pending_comments, publish_summary
from engine.content.permissions import contributing_agencies, is_chief, on_the_board
from engine.content.queries import ItemView, content_inbox, item_view, my_items
from engine.content.services import (
    CATEGORIES,
    ItemDraft,
    LegalFields,
    complete_content_task,
    correct_published,
    submit_item,
    unpublish_item,
)
from engine.content.type_fields import MAX_ROWS, TYPE_FIELDS, from_form, to_form
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
    data = {name: request.form.get(name, "") for name in (*DRAFT_FIELDS, *LEGAL_FIELDS, "agency")}
    data["featured"] = bool(request.form.get("featured"))
    typed = _typed(data)
    if typed is not None:  # blank schedule lines left out, so that each message names the line it is shown on
        data |= to_form(typed, from_form(typed, request.form))
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
    return render_template(
        "staff/content/new.html",
        data=data,
        errors=errors,
        agencies=agency_names,
        types=list(ContentType),
        categories=CATEGORIES,
        legal_statuses=list(LegalStatus),
        type_fields=TYPE_FIELDS,
        rows=_rows(data),
    ), status


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
    )


@bp.route("/<code>", methods=["GET", "POST"])
@staff_required
def item_page(code: str) -> ResponseReturnValue:
    """The item as it stands, its versions, and the form of its open task; posting the form completes the task."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    with rt.unit_of_work() as uow:
        view = _view_or_abort(uow.session, code)
        user = _user(uow.session)
        chief, board = is_chief(user), on_the_board(user)
        summarises = board or view.item.agency_id in contributing_agencies(user)
        all_comments = comments(uow.session, view.item.id) if view.item.consultation else []
        closed = view.item.consultation is not None and rt.clock.now() >= view.item.consultation.closes_at
    form = load_form(view.task.form) if view.task else None
    data = form_data(form, request.form) if request.method == "POST" and form else _prefill(view)
    if request.method == "POST" and view.may_complete:
        done = _("Đã hoàn thành bước «%(title)s» của tin bài %(code)s.", title=step_title(view.task), code=code)
        response, errors, status = complete_posted_task(
            complete_content_task, rt, view.task.id, data, done, "staff_content.inbox"
        )
        if response is not None:
            return response
    return render_template(
        "staff/content/item.html",
        view=view,
        form=form,
        data=data,
        errors=errors,
        chief=chief,
        board=board,
        summarises=summarises and closed,
        comments=all_comments,
        tz=rt.tz,
    ), status


def _view_or_abort(session: Any, code: str) -> ItemView:
    try:
        return item_view(session, code, _user(session))
    except (NotFound, NotAllowed):  # another agency's item answers as a missing one: codes cannot be probed
        abort(404)


def _prefill(view: ItemView) -> dict[str, Any]:
    """The editor and the contributor start from the item's text as it stands."""
    if view.task is None or view.task.behaviour not in ("edit_content", "fix_content"):
        return {}
    return {"title": view.item.title, "summary": view.item.summary, "body": view.item.body}


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
