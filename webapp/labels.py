"""Words shown to people for the core's codes (roles, events, steps), translated per request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from webapp.i18n import in_reader_language

WORKING_DAY_MINUTES = 8 * 60  # office hours of a standard working day

ROLE_LABELS = {
    "reception_clerk": _l("Cán bộ một cửa"),
    "specialist": _l("Chuyên viên"),
    "department_leader": _l("Lãnh đạo phòng"),
    "agency_leader": _l("Lãnh đạo cơ quan"),
    "supervisor": _l("Giám sát"),
    "qa_editor": _l("Ban biên tập hỏi đáp"),
    "admin": _l("Quản trị hệ thống"),
    "procedure_manager": _l("Quản lý thủ tục hành chính"),
    "content_contributor": _l("Cộng tác viên cổng thông tin"),
    "content_editor": _l("Biên tập viên cổng thông tin"),
    "editor_in_chief": _l("Trưởng ban biên tập cổng thông tin"),
    "finance_officer": _l("Kế toán, đối soát thanh toán"),
}

EVENT_LABELS = {
    "content_submitted": _l("Gửi tin bài"),
    "content_task_completed": _l("Hoàn thành bước biên tập"),
    "content_unpublished": _l("Gỡ tin bài"),
    "content_corrected": _l("Đính chính tin bài"),
    "content_revision_submitted": _l("Gửi bản sửa đổi tin bài đã đăng"),
    "content_image_removed": _l("Xóa ảnh không dùng của tin bài"),
    "comment_moderated": _l("Kiểm duyệt góp ý"),
    "consultation_summarised": _l("Công bố tổng hợp ý kiến"),
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
    "processing_time_conditioned": _l("Áp dụng thời hạn giải quyết theo điều kiện"),
    "deadline_moved_by_day_off": _l("Lùi ngày hẹn do ngày nghỉ mới được công bố"),
    "apology_approved": _l("Duyệt xin lỗi, hẹn lại ngày trả kết quả"),
    "stop_requested": _l("Đề nghị dừng xử lý"),
    "dossier_stopped": _l("Dừng xử lý hồ sơ"),
    "dossier_withdrawal_requested": _l("Người nộp đề nghị rút hồ sơ"),
    "dossier_withdrawn": _l("Rút hồ sơ"),
    "timers_fired": _l("Đến hạn theo thời gian"),
    "workflow_migrated": _l("Chuyển sang phiên bản quy trình mới"),
    "diagram_deployed": _l("Triển khai sơ đồ quy trình"),
    "procedure_draft_saved": _l("Lưu bản nháp thủ tục"),
    "procedure_draft_imported": _l("Nhập bản nháp thủ tục từ CSDL quốc gia"),
    "api_called": _l("Hệ thống khác gọi API"),
    "api_client_created": _l("Cấp khóa API cho hệ thống"),
    "api_client_revoked": _l("Thu hồi khóa API"),
    "procedure_draft_discarded": _l("Hủy bản nháp thủ tục"),
    "procedure_published": _l("Công bố phiên bản thủ tục"),
    "agency_updated": _l("Cập nhật thông tin cơ quan"),
    "calendar_day_added": _l("Ghi điều chỉnh lịch làm việc"),
    "calendar_day_removed": _l("Xóa điều chỉnh lịch làm việc"),
    "calendar_year_confirmed": _l("Xác nhận lịch nghỉ của năm"),
    "demo_history_loaded": _l("Nạp hồ sơ mẫu của bản trình diễn"),
    "return_method_chosen": _l("Chọn hình thức nhận kết quả"),
    "dossier_rated": _l("Người nộp đánh giá việc giải quyết"),
    "stored_document_hidden": _l("Người nộp ẩn giấy tờ khỏi kho dữ liệu"),
    "stored_document_shown": _l("Người nộp hiện lại giấy tờ trong kho dữ liệu"),
    "question_asked": _l("Gửi câu hỏi"),
    "question_task_completed": _l("Hoàn thành bước xử lý câu hỏi"),
    "payment_started": _l("Bắt đầu thanh toán trực tuyến"),
    "payment_received": _l("Nhận thanh toán phí, lệ phí"),
    "payment_failed": _l("Thanh toán không thành công"),
    "payment_refunded": _l("Hoàn trả phí, lệ phí"),
    "payment_callback_refused": _l("Từ chối thông báo thanh toán không hợp lệ"),
    "payments_reconciled": _l("Đối soát thanh toán trong ngày"),
    "payment_difference_resolved": _l("Xử lý chênh lệch đối soát thanh toán"),
    "document_issued": _l("In phiếu, giấy tờ của hồ sơ"),
    "certificate_uploaded": _l("Tải lên chứng thư số"),
    "staff_created": _l("Tạo tài khoản cán bộ"),
    "role_granted": _l("Giao vai trò"),
    "role_revoked": _l("Thu hồi vai trò"),
    "staff_password_reset": _l("Đặt lại mật khẩu cán bộ"),
    "staff_deactivated": _l("Khóa tài khoản cán bộ"),
    "staff_reactivated": _l("Mở lại tài khoản cán bộ"),
    "notice_retried": _l("Gửi lại thông báo"),
    "incident_recorded": _l("Ghi nhận sự cố"),
    "incident_closed": _l("Đóng sự cố"),
}

# A step's name in the reader's language where its diagram gives none in English, by its behaviour.
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


PAYMENT_METHOD_LABELS = {
    "cash": _l("Nộp tại quầy"),
    "bank_transfer": _l("Chuyển khoản"),
    "post_office": _l("Nộp qua bưu điện"),
}
DIFFERENCE_LABELS = {
    "missing_here": _l("Cổng thanh toán đã thu, hệ thống chưa ghi nhận"),
    "missing_there": _l("Hệ thống đã ghi nhận, cổng thanh toán không có"),
    "amount_differs": _l("Số tiền khác nhau"),
    "state_differs": _l("Trạng thái khác nhau"),
}
PAYMENT_STATE_LABELS = {
    "pending": _l("Chờ thanh toán"),
    "paid": _l("Đã thanh toán"),
    "failed": _l("Không thành công"),
    "refunded": _l("Đã hoàn trả"),
}


def _label(labels: dict[str, object]) -> object:
    return lambda code: labels.get(code, code)


def optional_unsaid(document: Any) -> bool:
    """A document not required whose name, as the reader sees it, does not already say "(nếu có)" or "(if any)": the
    page adds the words."""
    name = str(in_reader_language(document)).lower()
    return not document.required and "nếu có" not in name and "if any" not in name


def step_title(step: Any) -> str:
    """A step (task row, inbox row or history name) as its diagram names it, in the reader's language: the
    diagram's Vietnamese name; in English its `name_en`, else its behaviour's label, else the Vietnamese name."""
    if get_locale() is None or get_locale().language == "vi":
        return step.title
    if step.title_en:
        return step.title_en
    label = STEP_LABELS.get(step.behaviour)
    return str(label) if label is not None else step.title


def working_duration(amount: timedelta) -> str:
    """Working time as days of eight office hours, hours and minutes (the sign is shown by the caller)."""
    minutes = int(abs(amount).total_seconds() // 60)
    days, rest = divmod(minutes, WORKING_DAY_MINUTES)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s ngày %(hours)s giờ %(minutes)s phút", days=days, hours=hours, minutes=minutes)
    return _("%(hours)s giờ %(minutes)s phút", hours=hours, minutes=minutes)


def provided(document: Any) -> str:
    """How a catalog document is provided, in the reader's language: "Bản chính: 1", "Xuất trình bản chính"."""
    if document.kind is None:
        return ""
    label = _(document.kind.label)
    return label if not document.kept else f"{label}: {document.count}"


def as_code(key: str) -> Markup:
    """An identifier a person types elsewhere (a diagram's process key), shown as such rather than as words."""
    return Markup("<code>{}</code>").format(key)


def init_app(app: Flask) -> None:
    app.add_template_filter(provided, "provided")
    app.add_template_filter(as_code, "code")
    app.add_template_filter(_label(ROLE_LABELS), "role_label")
    app.add_template_filter(_label(EVENT_LABELS), "event_label")
    app.jinja_env.tests["optional_unsaid"] = optional_unsaid
    app.add_template_filter(step_title, "step_title")
    app.add_template_filter(working_duration, "working_duration")
    app.add_template_filter(_label(PAYMENT_STATE_LABELS), "payment_state")
    app.add_template_filter(_label(PAYMENT_METHOD_LABELS), "payment_method")
    app.add_template_filter(_label(DIFFERENCE_LABELS), "difference_kind")
    init_status_labels(app)


STATUS_LABELS = {
    1: _l("Mới gửi, chờ tiếp nhận"),
    2: _l("Đã tiếp nhận"),
    3: _l("Không được tiếp nhận"),
    4: _l("Đang giải quyết"),
    5: _l("Cần bổ sung giấy tờ"),
    6: _l("Chờ nộp phí, lệ phí"),
    7: _l("Đã rút"),
    8: _l("Đã dừng xử lý"),
    9: _l("Đã có kết quả"),
    10: _l("Đã trả kết quả"),
}

# Where a dossier stands, in the applicant's words, by the open task's behaviour.
PROGRESS_LABELS = {
    "check_completeness": _l("Bộ phận một cửa đang kiểm tra hồ sơ"),
    "hand_over": _l("Hồ sơ đang được chuyển đến nơi giải quyết"),
    "review": _l("Cơ quan chuyên môn đang xem xét hồ sơ"),
    "contribute": _l("Các cơ quan phối hợp đang cho ý kiến"),
    "integrate": _l("Cơ quan chuyên môn đang xem xét hồ sơ"),
    "approve_supplement": _l("Lãnh đạo đang xem xét"),
    "approve_refusal": _l("Lãnh đạo đang xem xét"),
    "approve_apology": _l("Lãnh đạo đang xem xét"),
    "approve_stop": _l("Lãnh đạo đang xem xét"),
    "department_approval": _l("Lãnh đạo đang xem xét"),
    "sign": _l("Chờ lãnh đạo ký kết quả"),
    "return_result": _l("Kết quả đang chờ trả"),
}

TIER_LABELS = {"province": _l("Cấp tỉnh"), "provincial_agency": _l("Sở, ngành"), "commune": _l("Cấp xã")}

ONLINE_LEVEL_LABELS = {
    "level_2": _l("Mức 2: thông tin và mẫu đơn trực tuyến"),
    "level_3": _l("Mức 3: nộp hồ sơ trực tuyến"),
    "level_4": _l("Mức 4: nộp hồ sơ, nộp phí và nhận kết quả trực tuyến"),
    "full_online": _l("Dịch vụ công trực tuyến toàn trình"),
    "partial_online": _l("Dịch vụ công trực tuyến một phần"),
}

TIME_UNIT_LABELS = {
    "working_days": _l("ngày làm việc"),
    "working_hours": _l("giờ làm việc"),
    "calendar_days": _l("ngày"),
}

CHANNEL_LABELS = {"online": _l("Nộp trực tuyến"), "counter": _l("Nộp trực tiếp")}

NOTICE_CHANNEL_LABELS = {"email": _l("Thư điện tử"), "sms": _l("Tin nhắn SMS"), "portal": _l("Cổng dịch vụ công")}


def init_status_labels(app: Flask) -> None:
    """Filters for the applicant portal's codes: status, current step, levels, time units, channels."""
    for name, words in (
        ("status_label", STATUS_LABELS),
        ("tier_label", TIER_LABELS),
        ("online_level_label", ONLINE_LEVEL_LABELS),
        ("time_unit_label", TIME_UNIT_LABELS),
        ("channel_label", CHANNEL_LABELS),
        ("notice_channel", NOTICE_CHANNEL_LABELS),
    ):
        app.add_template_filter(lambda code, words=words: words.get(getattr(code, "value", code), code), name)
    app.add_template_filter(lambda behaviour: PROGRESS_LABELS.get(behaviour, _l("Đang giải quyết")), "progress_label")
