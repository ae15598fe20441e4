"""The staff side: the inbox of open tasks, claiming, releasing and reassigning them, and the task page."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from engine.catalog.browse import procedure_choices
from engine.documents.previews import kept_preview, open_preview
from engine.dossiers.conditional_times import apply_conditional_time
from engine.dossiers.inbox import InboxFilter, TaskSla, my_work, next_task
from engine.dossiers.requests import request_apology, request_stop
from engine.dossiers.task_view import TaskView, closed_task, task_view
from engine.dossiers.tasks import claim, complete_task, reassign, release
from engine.errors import DomainError, InvalidData, NotAllowed, NotFound
from engine.models import User
from engine.people.permissions import with_role_ids
from engine.text import parse_int
from forms.conditions import shown_when
from reports.pdf import page_count, page_image
from webapp.domain_errors import error_text, field_errors
from webapp.labels import step_title
from webapp.numbers import int_field

bp = Blueprint("staff", __name__, url_prefix="/staff")

SLA_LABELS = {
    TaskSla.ON_TIME: _l("Trong hạn"),
    TaskSla.DUE_SOON: _l("Sắp đến hạn"),
    TaskSla.OVERDUE: _l("Quá hạn"),
    TaskSla.LATE_HANDOVER: _l("Chuyển muộn"),
}


def staff_required(view: Any) -> Any:
    """Signed in as a member of staff; applicants get 403."""

    @wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if current_user.kind != "staff":
            abort(403)
        return view(*args, **kwargs)

    return guarded


@bp.route("/tasks")
@staff_required
def inbox() -> ResponseReturnValue:
    where = _filter(request.args)
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        user = with_role_ids(uow.session, current_user.id)
        page = my_work(uow.session, user, rt.clock.now(), rt.calendar(uow.session), where)
        procedures = procedure_choices(uow.session)
    return render_template(
        "staff/inbox.html",
        page=page,
        where=where,
        procedures=procedures,
        labels={state: str(label) for state, label in SLA_LABELS.items()},  # translated once, not per row
        tz=rt.tz,
        page_url=lambda number: url_for("staff.inbox", **{**request.args.to_dict(), "page": number}),
    )


def _filter(args: Any) -> InboxFilter:
    """The inbox filter from the query string; values that do not parse are ignored, not errors."""
    sla = args.get("sla", "")
    return InboxFilter(
        procedure=args.get("procedure", "")[:80],
        sla=TaskSla(sla) if sla in TaskSla.__members__.values() else None,
        received_from=_day(args.get("from", ""), time.min),
        received_to=_day(args.get("to", ""), time.max),
        search=args.get("q", "")[:120],
        page=int_field(args, "page", 1, low=1),
    )


def _day(text: str, at: time) -> datetime | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return datetime.combine(day, at, current_app.extensions["motcua"].tz)


@bp.route("/tasks/<int:task_id>/claim", methods=["POST"])
@staff_required
def claim_task(task_id: int) -> ResponseReturnValue:
    return _act(claim, task_id, _("Bạn đã nhận xử lý bước này."))


@bp.route("/tasks/<int:task_id>/release", methods=["POST"])
@staff_required
def release_task(task_id: int) -> ResponseReturnValue:
    return _act(release, task_id, _("Bước này đã trả về hộp công việc chung."))


@bp.route("/tasks/<int:task_id>/reassign", methods=["POST"])
@staff_required
def reassign_task(task_id: int) -> ResponseReturnValue:
    """A leader gives the task to a colleague; the task page shows who holds it now."""
    _load_view(task_id)
    rt = current_app.extensions["motcua"]
    try:
        reassign(
            rt,
            rt.unit_of_work(),
            task_id=task_id,
            actor_id=current_user.id,
            assignee_id=int_field(request.form, "assignee", 0),
        )
    except InvalidData as invalid:
        return _task_page(task_id, action_errors=field_errors(invalid.errors), status=400)
    except DomainError as error:
        flash(error_text(error), "error")
        return redirect(url_for("staff.inbox")), 303
    flash(_("Đã phân công lại bước này."), "info")
    return redirect(url_for("staff.task_page", task_id=task_id)), 303


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@staff_required
def task_page(task_id: int) -> ResponseReturnValue:
    """The dossier behind a task and the task's form; posting the form completes the task."""
    if request.method == "GET":
        return _task_page(task_id)
    rt = current_app.extensions["motcua"]
    view = _load_view(task_id)
    if not view.may_complete:
        abort(403)
    data = form_data(view.form, request.form)
    try:
        complete_task(
            rt,
            rt.unit_of_work(),
            task_id=task_id,
            actor_id=current_user.id,
            data=data,
            expected_version=_version(),
        )
    except InvalidData as invalid:
        return _task_page(task_id, data=data, errors=field_errors(invalid.errors), status=400)
    except DomainError as error:
        flash(error_text(error), "error")
        return _task_page(task_id, data=data, status=409)
    flash(
        _("Đã hoàn thành bước «%(title)s» của hồ sơ %(code)s.", title=step_title(view.task), code=view.dossier.code),
        "info",
    )
    with rt.unit_of_work() as uow:
        following = next_task(uow.session, view.dossier.id, uow.session.get(User, current_user.id))
    if following is not None:
        return redirect(url_for("staff.task_page", task_id=following)), 303
    return redirect(url_for("staff.inbox")), 303


@bp.route("/tasks/<int:task_id>/apology", methods=["POST"])
@staff_required
def apology(task_id: int) -> ResponseReturnValue:
    """Ask to apologise to the applicant and set a new appointment (văn bản xin lỗi, hẹn lại)."""
    view = _load_view(task_id)
    new_due = _end_of_office_day(request.form.get("new_due", ""))
    if new_due is None:
        errors = {"new_due": _("Ngày hẹn mới: chọn một ngày làm việc.")}
        return _task_page(task_id, action_errors=errors, open_request="apology", status=400)
    return _request(
        task_id,
        "apology",
        view,
        request_apology,
        _("Đã gửi đề nghị xin lỗi, hẹn lại để lãnh đạo duyệt."),
        new_due=new_due,
    )


@bp.route("/tasks/<int:task_id>/stop", methods=["POST"])
@staff_required
def stop(task_id: int) -> ResponseReturnValue:
    """Propose to stop handling the dossier (dừng xử lý); the agency leader decides."""
    return _request(
        task_id, "stop", _load_view(task_id), request_stop, _("Đã gửi đề nghị dừng xử lý để lãnh đạo duyệt.")
    )


@bp.route("/tasks/<int:task_id>/conditional", methods=["POST"])
@staff_required
def conditional(task_id: int) -> ResponseReturnValue:
    """Apply one of the procedure's conditional processing times, with its reason; the applicant is told."""
    return _request(
        task_id,
        "conditional",
        _load_view(task_id),
        apply_conditional_time,
        _("Đã áp dụng thời hạn theo điều kiện; người nộp được báo ngày hẹn mới."),
        time_id=int_field(request.form, "time_id", 0),
    )


def _request(task_id: int, kind: str, view: TaskView, service: Any, done: str, **values: Any) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        service(
            rt,
            rt.unit_of_work(),
            dossier_code=view.dossier.code,
            actor_id=current_user.id,
            expected_version=_version(),
            reason=request.form.get("reason", ""),
            **values,
        )
    except InvalidData as invalid:
        return _task_page(task_id, action_errors=field_errors(invalid.errors), open_request=kind, status=400)
    except DomainError as error:
        flash(error_text(error), "error")
        return _task_page(task_id, open_request=kind, status=409)
    flash(done, "info")
    return redirect(url_for("staff.inbox")), 303


def _end_of_office_day(text: str) -> datetime | None:
    """The close of office hours on the chosen day, or None when it is not a working day."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        intervals = rt.calendar(uow.session).office_intervals(day)
    return intervals[-1][1] if intervals else None


def _version() -> int:
    return int_field(request.form, "version", 0)


def _load_view(task_id: int) -> TaskView:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        session = uow.session
        user = session.get(User, current_user.id)
        try:
            return task_view(session, task_id, user, rt.clock.now(), rt.calendar(session))
        except NotFound:
            # A post on a task someone else has just finished (a lost race) is a conflict, told with what happened.
            closed = closed_task(session, task_id, user) if request.method == "POST" else None
            if closed is None:
                abort(404)
            abort(make_response(render_template("staff/task_closed.html", closed=closed, tz=rt.tz), 409))
        except NotAllowed:  # a task of another unit answers as a missing one does: ids cannot be probed
            abort(404)


def _task_page(
    task_id: int,
    *,
    data: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    action_errors: dict[str, str] | None = None,
    open_request: str = "",
    status: int = 200,
) -> ResponseReturnValue:
    view = _load_view(task_id)
    rt = current_app.extensions["motcua"]
    preview = None
    if view.may_complete:
        try:
            preview = open_preview(rt, rt.unit_of_work(), task_id=task_id, actor_id=current_user.id)
        except NotAllowed:
            preview = None
    return render_template(
        "staff/task.html",
        view=view,
        form=view.form,
        shown=shown_when(view.form),
        preview=preview,
        preview_pages=page_count(rt.files.read(preview.sha256)) if preview else 0,
        data=view.starting if data is None else data,
        errors=errors or {},
        action_errors=action_errors or {},
        posted=request.form if request.method == "POST" else {},
        open_request=open_request,
        tz=current_app.extensions["motcua"].tz,
    ), status


def form_data(form: dict[str, Any], posted: Any) -> dict[str, Any]:
    """The posted fields the task's form knows, typed as its schema says (lists of document ids and whole numbers as
    integers; a number too long to be one stays text, for the form's own message)."""
    data: dict[str, Any] = {}
    for name, field in form["properties"].items():
        if field.get("type") == "array":
            values = [v for v in posted.getlist(name) if v.strip()]
            if values:
                data[name] = [_whole(v) for v in values]
        elif posted.get(name, "").strip():
            data[name] = _whole(posted[name]) if field.get("type") == "integer" else posted[name]
    return data


def _whole(text: str) -> int | str:
    """A whole number as people type it (5.000.000 or 5 000 000), else the text as it came."""
    number = parse_int(text.replace(".", "").replace(" ", ""), high=10**15 - 1)
    return text if number is None else number


@bp.route("/tasks/<int:task_id>/preview.pdf")
@staff_required
def preview_pdf(task_id: int) -> ResponseReturnValue:
    """The result document a sign task shows, as it will be signed (its number and date come at signing)."""
    code, content = _shown(task_id)
    headers = {"Content-Disposition": f'inline; filename="du-thao-{code}.pdf"', **PRIVATE}
    return Response(content, mimetype="application/pdf", headers=headers)


@bp.route("/tasks/<int:task_id>/preview/<int:page>.png")
@staff_required
def preview_page(task_id: int, page: int) -> ResponseReturnValue:
    """One page of the shown result, drawn from the very bytes that will be signed."""
    _code, content = _shown(task_id)
    image = page_image(content, page - 1)
    if image is None:
        abort(404)
    return Response(image, mimetype="image/png", headers=PRIVATE)


PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _shown(task_id: int) -> tuple[str, bytes]:
    """The dossier code and the kept preview of a sign task the signed-in person may see."""
    view = _load_view(task_id)
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        preview = kept_preview(uow.session, view.task.id)
    if preview is None:
        abort(404)
    return view.dossier.code, rt.files.read(preview.sha256)


def _act(service: Any, task_id: int, done: str) -> ResponseReturnValue:
    _load_view(task_id)
    rt = current_app.extensions["motcua"]
    try:
        service(rt, rt.unit_of_work(), task_id=task_id, actor_id=current_user.id)
    except DomainError as error:
        flash(error_text(error), "error")
        return redirect(url_for("staff.inbox")), 303
    flash(done, "info")
    return redirect(url_for("staff.inbox")), 303
