"""Staff Q&A (hỏi đáp): the editor's and the agencies' inbox, a question's page with its task form, the report."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engine.errors import NotAllowed, NotFound
from engine.models import Role, User
from engine.questions.queries import QuestionView, answering_agencies, question_inbox, question_view
from engine.questions.services import complete_question_task
from engine.questions.topics import active_topics
from forms.validation import load_form
from reports.questions import question_report, totals
from webapp.downloads import uploaded_file
from webapp.labels import step_title
from webapp.staff import form_data, staff_required
from webapp.task_posts import complete_posted_task

bp = Blueprint("staff_questions", __name__, url_prefix="/staff/questions")

REPORT_ROLES = (Role.SUPERVISOR, Role.QA_EDITOR)


@bp.route("")
@staff_required
def inbox() -> ResponseReturnValue:
    """Open question tasks of the user's units; a code typed in the box opens that question (answered ones too)."""
    code = request.args.get("code", "").strip().upper()[:20]
    if code:
        return redirect(url_for("staff_questions.question_page", code=code))
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        user = uow.session.get(User, current_user.id)
        now = rt.clock.now()
        soon = rt.calendar(uow.session).add_working_days(now, rt.settings.question_due_soon_days)
        rows = question_inbox(uow.session, user, now, soon)
    may_report = any(role in REPORT_ROLES for role, _unit in current_user.roles)
    return render_template("staff/questions/inbox.html", rows=rows, tz=rt.tz, may_report=may_report)


@bp.route("/<code>", methods=["GET", "POST"])
@staff_required
def question_page(code: str) -> ResponseReturnValue:
    """The question, its history and the form of its open task; posting the form completes the task."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    with rt.unit_of_work() as uow:
        view = _view_or_abort(uow.session, code)
        agencies, topics = answering_agencies(uow.session), active_topics(uow.session)
    form = load_form(view.task.form) if view.task else None
    data = form_data(form, request.form) if request.method == "POST" and form else _prefill(view)
    if request.method == "POST" and view.may_complete:
        done = _("Đã hoàn thành bước «%(title)s» của câu hỏi %(code)s.", title=step_title(view.task), code=code)
        response, errors, status = complete_posted_task(
            complete_question_task, rt, view.task.id, data, done, "staff_questions.inbox"
        )
        if response is not None:
            return response
    return render_template(
        "staff/questions/question.html",
        view=view,
        form=form,
        data=data,
        errors=errors,
        agencies=agencies,
        topics=topics,
        tz=rt.tz,
    ), status


def _view_or_abort(session: Any, code: str) -> QuestionView:
    try:
        return question_view(session, code, session.get(User, current_user.id))
    except (NotFound, NotAllowed):  # another agency's question answers as a missing one: codes cannot be probed
        abort(404)


def _prefill(view: QuestionView) -> dict[str, Any]:
    """The editor starts the public version from the question and the answer, then removes personal details."""
    question = view.question
    if view.task is None:
        return {}
    if view.task.behaviour == "review_answer":
        return {"public_title": question.title, "public_question": question.body, "public_answer": question.answer}
    if view.task.behaviour == "classify_question":
        return {
            "agency": question.requested_agency.code if question.requested_agency else "",
            "topic": question.topic.code if question.topic else "",
        }
    return {}


@bp.route("/<code>/attachment")
@staff_required
def attachment(code: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        question = _view_or_abort(uow.session, code).question
        if question.attachment is None:
            abort(404)
        media_type, name = question.attachment.media_type, question.attachment_name
        content = rt.files.read(question.attachment.sha256)
    return uploaded_file(content, media_type, name or code)


@bp.route("/report")
@staff_required
def report() -> ResponseReturnValue:
    """Per agency and period: received, answered on time and late, open on time and overdue (supervisors, editors)."""
    if not any(role in REPORT_ROLES for role, _unit in current_user.roles):
        abort(403)
    rt = current_app.extensions["motcua"]
    today = rt.clock.now().astimezone(rt.tz).date()
    first = _date(request.args.get("from", "")) or today.replace(day=1)
    last = _date(request.args.get("to", "")) or today
    if last < first:
        first, last = last, first
    start = datetime.combine(first, time.min, rt.tz)
    end = datetime.combine(last + timedelta(days=1), time.min, rt.tz)
    with rt.unit_of_work() as uow:
        lines = question_report(uow.session, start, end, rt.clock.now())
    return render_template("staff/questions/report.html", lines=lines, total=totals(lines), first=first, last=last)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
