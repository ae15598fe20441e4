"""Public Q&A (hỏi đáp): ask a question, track it by its code, read the published questions and answers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from engine.errors import InvalidData, NotFound
from engine.models import QuestionStatus, User
from engine.questions.attachments import MAX_BYTES
from engine.questions.queries import PublishedFilter, answering_agencies, published, published_one, track
from engine.questions.services import Asker, ask
from engine.questions.topics import active_topics
from engine.uploads import Upload
from webapp.limits import limiter
from webapp.numbers import int_field

bp = Blueprint("questions", __name__, url_prefix="/questions")

ASK_FIELDS = ("name", "email", "phone", "address", "topic", "agency", "title", "body")
STATUS_LABELS = {
    QuestionStatus.SUBMITTED: _l("Chờ ban biên tập phân loại"),
    QuestionStatus.ROUTED: _l("Đã chuyển cơ quan trả lời"),
    QuestionStatus.INTERIM_REPLIED: _l("Cơ quan đang xử lý, đã hẹn ngày trả lời"),
    QuestionStatus.IN_REVIEW: _l("Ban biên tập đang duyệt câu trả lời"),
    QuestionStatus.ANSWERED: _l("Đã trả lời"),
    QuestionStatus.PUBLISHED: _l("Đã trả lời và công khai"),
    QuestionStatus.REFUSED: _l("Không trả lời theo hình thức hỏi đáp (khiếu nại, tố cáo)"),
    QuestionStatus.OUT_OF_SCOPE: _l("Không thuộc phạm vi trả lời"),
}


@bp.app_template_filter("question_status")
def question_status(status: QuestionStatus) -> str:
    return str(STATUS_LABELS[status])


@bp.route("")
def index() -> ResponseReturnValue:
    """Published questions and answers, searchable without accents, by topic and agency."""
    args = request.args
    where = PublishedFilter(
        search=args.get("q", "")[:120],
        topic=args.get("topic", "")[:40],
        agency=args.get("agency", "")[:32],
        page=int_field(args, "page", 1, low=1),
    )
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        page = published(uow.session, where)
        topics, agencies = active_topics(uow.session), answering_agencies(uow.session)
    return render_template("questions/index.html", page=page, where=where, topics=topics, agencies=agencies, tz=rt.tz)


@bp.route("/published/<int:question_id>")
def published_question(question_id: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            question = published_one(uow.session, question_id)
        except NotFound:
            abort(404)
    return render_template("questions/published.html", question=question, tz=rt.tz)


@bp.route("/ask", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
def ask_question() -> ResponseReturnValue:
    """The ask form; a question received gets its tracking code, shown at once and sent by email."""
    rt = current_app.extensions["motcua"]
    data = {name: request.form.get(name, "") for name in ASK_FIELDS} if request.method == "POST" else _signed_in()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            asked = ask(
                rt,
                rt.unit_of_work(),
                asker=Asker(data["name"], data["email"], data["phone"], data["address"]),
                title=data["title"],
                body=data["body"],
                topic=data["topic"],
                agency=data["agency"],
                attachment=_upload(),
            )
        except InvalidData as invalid:
            errors = invalid.errors
        else:
            flash(_("Câu hỏi của bạn đã được gửi. Mã tra cứu: %(code)s", code=asked.code), "info")
            return redirect(url_for("questions.tracking", code=asked.code)), 303
    with rt.unit_of_work() as uow:
        topics, agencies = active_topics(uow.session), answering_agencies(uow.session)
    return render_template(
        "questions/ask.html",
        data=data,
        errors=errors,
        topics=topics,
        agencies=agencies,
        max_mb=MAX_BYTES // (1024 * 1024),
    ), (400 if errors else 200)


def _signed_in() -> dict[str, str]:
    """A signed-in applicant starts from their account's name and contacts."""
    data = dict.fromkeys(ASK_FIELDS, "")
    if current_user.is_authenticated and current_user.kind == "applicant":
        with current_app.extensions["motcua"].unit_of_work() as uow:
            user = uow.session.get(User, current_user.id)
            data.update(name=user.full_name, email=user.email or "", phone=user.phone, address=user.address)
    return data


def _upload() -> Upload | None:
    """The attached file, read only up to one byte over the limit (the service refuses it then)."""
    file = request.files.get("attachment")
    if file is None or not file.filename:
        return None
    return Upload(file.filename, file.stream.read(MAX_BYTES + 1))


@bp.route("/track")
@limiter.limit("30 per minute")
def tracking() -> ResponseReturnValue:
    """Where a question stands, by its tracking code: status, deadline, interim reply, answer."""
    code = request.args.get("code", "").strip()[:20]
    rt = current_app.extensions["motcua"]
    empty = "code" in request.args and not code  # sent without a code: say so rather than show the form again
    question, status = None, 400 if empty else 200
    if code:
        with rt.unit_of_work() as uow:
            try:
                question = track(uow.session, code)
            except NotFound:
                status = 404
    return render_template("questions/track.html", code=code, empty=empty, question=question, tz=rt.tz), status
