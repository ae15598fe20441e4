"""The result for the applicant: how to receive it, the signed result files (owner only), and the rating."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from engine.dossiers.applicant_view import result_files
from engine.dossiers.results import OPEN_FOR_CHOICE, RESULT_READY, choose_return_method, rate
from engine.models import INDICATORS, Rating
from webapp.applicant import RETURN_METHODS, Attempt, applicant_required, attempt, my_dossier
from webapp.downloads import system_pdf

bp = Blueprint("results", __name__)

INDICATOR_LABELS = {
    "total_time": (
        _l("Tổng thời gian giải quyết so với thời gian quy định"),
        (_l("Muộn hơn quy định"), _l("Đúng quy định"), _l("Sớm hơn quy định")),
    ),
    "unit_time": (
        _l("Thời gian của từng cơ quan, đơn vị tham gia giải quyết so với thời gian được giao"),
        (_l("Có đơn vị chậm"), _l("Đúng thời gian được giao"), _l("Sớm hơn thời gian được giao")),
    ),
    "contacts": (
        _l("Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ"),
        (_l("Từ hai lần trở lên"), _l("Một lần"), _l("Không phải liên hệ thêm")),
    ),
    "bodies": (
        _l("Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ"),
        (_l("Từ hai cơ quan trở lên"), _l("Thêm một cơ quan"), _l("Chỉ nơi tiếp nhận hồ sơ")),
    ),
    "one_stop": (
        _l("Tiếp nhận và trả kết quả qua bộ phận một cửa"),
        (_l("Không qua bộ phận một cửa"), _l("Một phần qua bộ phận một cửa"), _l("Hoàn toàn qua bộ phận một cửa")),
    ),
    "published": (
        _l("Thủ tục hành chính được công khai"),
        (_l("Không được công khai"), _l("Công khai chưa đầy đủ"), _l("Công khai đầy đủ, chính xác")),
    ),
    "conduct": (
        _l("Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận, giải quyết"),
        (_l("Chưa đúng mực"), _l("Đúng mực"), _l("Đúng mực, tận tình")),
    ),
    "feedback": (
        _l("Tiếp thu, giải trình ý kiến phản ánh, kiến nghị"),
        (_l("Không được trả lời"), _l("Được trả lời chưa đầy đủ"), _l("Được trả lời đầy đủ hoặc không có phản ánh")),
    ),
    "online_progress": (
        _l("Tiến độ và chất lượng dịch vụ công trực tuyến"),
        (_l("Không theo dõi được"), _l("Theo dõi được một phần"), _l("Theo dõi được đầy đủ")),
    ),
}
SATISFACTION = {
    "very_satisfied": _l("Rất hài lòng"),
    "satisfied": _l("Hài lòng"),
    "not_satisfied": _l("Không hài lòng"),
}
assert tuple(INDICATOR_LABELS) == INDICATORS


@bp.route("/my/dossiers/<code>/result", methods=["GET", "POST"])
@applicant_required
def result(code: str) -> ResponseReturnValue:
    """Whether the result is ready, how it will reach the applicant (changeable until handed over), its files."""
    rt = current_app.extensions["motcua"]
    outcome = Attempt()
    if request.method == "POST":
        method = request.form.get("method", "")
        outcome = attempt(
            lambda: choose_return_method(
                rt, rt.unit_of_work(), dossier_code=code, actor_id=current_user.id, method=method
            )
        )
        if outcome.done:
            flash(_("Đã lưu hình thức nhận kết quả."), "info")
            return redirect(url_for("results.result", code=code)), 303
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        rated = uow.session.scalar(select(Rating.id).where(Rating.dossier_id == dossier.id)) is not None
        return render_template(
            "portal/result.html",
            dossier=dossier,
            files=result_files(dossier),
            ready=dossier.status in RESULT_READY,
            may_choose=dossier.status in OPEN_FOR_CHOICE,
            rated=rated,
            return_methods={m.value: RETURN_METHODS[m.value] for m in dossier.procedure_version.return_methods},
            errors=outcome.errors,
            tz=rt.tz,
        ), outcome.status


@bp.route("/my/dossiers/<code>/result/<int:file_id>")
@applicant_required
def download(code: str, file_id: int) -> ResponseReturnValue:
    """A result file (the signed PDF), to the dossier's own applicant only."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        file = next((f for f in result_files(dossier) if f.id == file_id), None)
        if file is None:
            abort(404)
        return system_pdf(rt.files.read(file.sha256), file.filename, inline=False)


@bp.route("/my/dossiers/<code>/rating", methods=["GET", "POST"])
@applicant_required
def rating(code: str) -> ResponseReturnValue:
    """The official evaluation: nine indicators scored 0-2, ease of use and overall satisfaction, a comment."""
    rt = current_app.extensions["motcua"]
    outcome = Attempt()
    if request.method == "POST":
        answers = request.form.to_dict()
        outcome = attempt(
            lambda: rate(rt, rt.unit_of_work(), dossier_code=code, actor_id=current_user.id, answers=answers)
        )
        if outcome.done:
            flash(_("Cảm ơn bạn đã đánh giá."), "info")
            return redirect(url_for("results.rating", code=code)), 303
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        return render_template(
            "portal/rating.html",
            dossier=dossier,
            rating=uow.session.scalar(select(Rating).where(Rating.dossier_id == dossier.id)),
            ready=dossier.status in RESULT_READY,
            indicators=INDICATOR_LABELS,
            satisfaction=SATISFACTION,
            answers=request.form,
            errors=outcome.errors,
        ), outcome.status
