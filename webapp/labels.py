"""Words shown to people for the core's codes (roles, events, steps), translated per request."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

WORKING_DAY_MINUTES = 8 * 60  # office hours of a standard working day

ROLE_LABELS = {
    "reception_clerk": _l("Cán bộ một cửa"),
    "specialist": _l("Chuyên viên"),
    "department_leader": _l("Lãnh đạo phòng"),
    "agency_leader": _l("Lãnh đạo cơ quan"),
    "supervisor": _l("Giám sát"),
    "qa_editor": _l("Ban biên tập hỏi đáp"),
    "admin": _l("Quản trị hệ thống"),
}

EVENT_LABELS = {
    "dossier_submitted": _l("Nộp hồ sơ"),
    "task_completed": _l("Hoàn thành bước"),
    "dossier_received": _l("Tiếp nhận hồ sơ, hẹn ngày trả kết quả"),
    "supplement_requested": _l("Yêu cầu bổ sung hồ sơ"),
    "dossier_supplemented": _l("Nhận hồ sơ bổ sung"),
    "handover_late": _l("Chuyển hồ sơ muộn"),
    "dossier_refused": _l("Từ chối hồ sơ"),
    "decision_signed": _l("Ký ban hành kết quả"),
    "result_returned": _l("Trả kết quả"),
    "apology_requested": _l("Đề nghị xin lỗi, hẹn lại"),
    "apology_approved": _l("Duyệt xin lỗi, hẹn lại ngày trả kết quả"),
    "stop_requested": _l("Đề nghị dừng xử lý"),
    "dossier_stopped": _l("Dừng xử lý hồ sơ"),
    "dossier_withdrawal_requested": _l("Người nộp đề nghị rút hồ sơ"),
    "dossier_withdrawn": _l("Rút hồ sơ"),
    "timers_fired": _l("Đến hạn theo thời gian"),
}

STEP_LABELS = {
    "check_completeness": _l("Kiểm tra tính đầy đủ, hợp lệ"),
    "hand_over": _l("Chuyển hồ sơ cho phòng chuyên môn"),
    "review": _l("Thẩm định hồ sơ"),
    "approve_supplement": _l("Duyệt yêu cầu bổ sung"),
    "approve_refusal": _l("Duyệt từ chối giải quyết"),
    "approve_apology": _l("Duyệt văn bản xin lỗi, hẹn lại"),
    "approve_stop": _l("Duyệt dừng xử lý"),
    "contribute": _l("Cho ý kiến phối hợp"),
    "integrate": _l("Tổng hợp ý kiến phối hợp"),
    "department_approval": _l("Lãnh đạo phòng duyệt"),
    "sign": _l("Ký quyết định"),
    "return_result": _l("Trả kết quả"),
}


def _label(labels: dict[str, object]) -> object:
    return lambda code: labels.get(code, code)


def working_duration(amount: timedelta) -> str:
    """Working time as days of eight office hours, hours and minutes (the sign is shown by the caller)."""
    minutes = int(abs(amount).total_seconds() // 60)
    days, rest = divmod(minutes, WORKING_DAY_MINUTES)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s ngày %(hours)s giờ %(minutes)s phút", days=days, hours=hours, minutes=minutes)
    return _("%(hours)s giờ %(minutes)s phút", hours=hours, minutes=minutes)


def init_app(app: Flask) -> None:
    app.add_template_filter(_label(ROLE_LABELS), "role_label")
    app.add_template_filter(_label(EVENT_LABELS), "event_label")
    app.add_template_filter(_label(STEP_LABELS), "step_label")
    app.add_template_filter(working_duration, "working_duration")
