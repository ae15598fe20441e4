"""The administrator's operations page (vận hành hệ thống): the scheduler's job runs, notices failed or stuck with a
retry, backups, disk space, and incidents (sự cố) recorded with what was done."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from engine.models import JobOutcome
from engine.notices.outbox import retry_message
from engine.operations.incidents import close_incident, record_incident
from engine.operations.overview import overview
from webapp.admin import admin_required, done, refused, runtime

bp = Blueprint("admin_operations", __name__, url_prefix="/admin/operations")
INCIDENT_FIELDS = ("occurred_at", "summary", "impact", "actions", "closed_at")
FIELD_LENGTH = 5000  # a longer field is refused by the service anyway; no need to carry megabytes into it
JOB_LABELS = {
    "fire_due_timers": _l("Chạy các mốc thời gian của quy trình"),
    "flag_question_deadlines": _l("Đánh dấu câu hỏi sắp đến hạn, quá hạn"),
    "refresh_sla_states": _l("Cập nhật trạng thái đúng hạn, quá hạn của hồ sơ"),
    "deliver_outbox": _l("Gửi thông báo"),
    "seal_events": _l("Niêm phong nhật ký (chuỗi băm)"),
    "queue_morning_digests": _l("Tổng hợp việc buổi sáng cho lãnh đạo"),
    "scheduled_backup": _l("Sao lưu định kỳ"),
    "snapshot_closed_periods": _l("Chốt số liệu báo cáo kỳ đã qua"),
}
OUTCOME_LABELS = {
    JobOutcome.RUNNING: _l("Đang chạy"),
    JobOutcome.OK: _l("Thành công"),
    JobOutcome.FAILED: _l("Lỗi"),
}


@bp.route("")
@admin_required
def index() -> ResponseReturnValue:
    return _page({}, 200)


def _page(errors: dict[str, str], status: int, closing: int | None = None) -> ResponseReturnValue:
    rt = runtime()
    return render_template(
        "admin/operations.html",
        shown=overview(rt),
        errors=errors,
        values=request.form if errors else {},
        closing=closing,
        job_labels=JOB_LABELS,
        outcome_labels=OUTCOME_LABELS,
    ), status


@bp.route("/notices/<int:message_id>/retry", methods=["POST"])
@admin_required
def retry(message_id: int) -> ResponseReturnValue:
    """Send a failed or stuck notice again at the next delivery run."""
    rt = runtime()
    errors = refused(lambda: retry_message(rt, rt.unit_of_work(), actor_id=current_user.id, message_id=message_id))
    if errors:
        return _page(errors, 400)
    return done(_("Thông báo sẽ được gửi lại ở lượt gửi tiếp theo."), url_for("admin_operations.index"))


@bp.route("/incidents", methods=["POST"])
@admin_required
def add_incident() -> ResponseReturnValue:
    rt = runtime()
    given = {name: request.form.get(name, "")[:FIELD_LENGTH] for name in INCIDENT_FIELDS}
    errors = refused(lambda: record_incident(rt, rt.unit_of_work(), actor_id=current_user.id, **given))
    if errors:
        return _page(errors, 400)
    return done(_("Đã ghi nhận sự cố."), url_for("admin_operations.index") + "#incidents")


@bp.route("/incidents/<int:incident_id>/close", methods=["POST"])
@admin_required
def close(incident_id: int) -> ResponseReturnValue:
    rt = runtime()
    errors = refused(
        lambda: close_incident(
            rt,
            rt.unit_of_work(),
            actor_id=current_user.id,
            incident_id=incident_id,
            closed_at=request.form.get("closed_at", "")[:FIELD_LENGTH],
            actions=request.form.get("actions", "")[:FIELD_LENGTH],
        )
    )
    if errors:
        return _page(errors, 400, closing=incident_id)
    return done(_("Đã đóng sự cố."), url_for("admin_operations.index") + "#incidents")
