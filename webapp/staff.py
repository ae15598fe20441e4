"""The staff side: the inbox of open tasks, claiming and releasing them, and the task page with its form."""

from __future__ import annotations

from datetime import datetime, time
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from engine.errors import DomainError, InvalidData, NotAllowed, NotFound
from engine.inbox import InboxFilter, TaskSla, my_work
from engine.models import Procedure, User
from engine.services.tasks import claim, complete_task, release
from engine.task_view import TaskView, task_view
from forms.validation import load_form

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
        user = uow.session.get(User, current_user.id)
        page = my_work(uow.session, user, rt.clock.now(), rt.calendar(uow.session), where)
        procedures = uow.session.execute(select(Procedure.slug, Procedure.code).order_by(Procedure.code)).all()
    return render_template(
        "staff/inbox.html", page=page, where=where, procedures=procedures, labels=SLA_LABELS, tz=rt.tz
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
        page=int(args["page"]) if args.get("page", "").isdigit() else 1,
    )


def _day(text: str, at: time) -> datetime | None:
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
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


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@staff_required
def task_page(task_id: int) -> ResponseReturnValue:
    """The dossier behind a task and the task's form; posting the form completes the task."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    with rt.unit_of_work() as uow:
        view = _view_or_abort(uow.session, task_id)
        form = load_form(view.task.task_name)
    data = form_data(form, request.form) if request.method == "POST" else {}
    if request.method == "POST" and view.may_complete:
        try:
            complete_task(
                rt,
                rt.unit_of_work(),
                task_id=task_id,
                actor_id=current_user.id,
                data=data,
                expected_version=int(request.form.get("version", "0") or 0),
            )
        except InvalidData as invalid:
            errors, status = invalid.errors, 400
        except DomainError as error:
            flash(str(error), "error")
            status = 409
        else:
            flash(
                _("Đã hoàn thành bước «%(title)s» của hồ sơ %(code)s.", title=view.task.title, code=view.dossier.code),
                "info",
            )
            return redirect(url_for("staff.inbox")), 303
    return render_template("staff/task.html", view=view, form=form, data=data, errors=errors, tz=rt.tz), status


def _view_or_abort(session: Any, task_id: int) -> TaskView:
    try:
        return task_view(session, task_id, session.get(User, current_user.id))
    except NotFound:
        abort(404)
    except NotAllowed:
        abort(403)


def form_data(form: dict[str, Any], posted: Any) -> dict[str, Any]:
    """The posted fields the task's form knows, typed as its schema says (lists of document ids as integers)."""
    data: dict[str, Any] = {}
    for name, field in form["properties"].items():
        if field.get("type") == "array":
            values = [v for v in posted.getlist(name) if v.strip()]
            if values:
                data[name] = [int(v) if v.isdigit() else v for v in values]
        elif posted.get(name, "").strip():
            data[name] = posted[name]
    return data


def _act(service: Any, task_id: int, done: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        service(rt, rt.unit_of_work(), task_id=task_id, actor_id=current_user.id)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("staff.inbox")), 303
    flash(done, "info")
    return redirect(url_for("staff.inbox")), 303
