"""Words shown to people for the core's codes (roles, statuses), translated per request."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "reception_clerk": _l("Cán bộ một cửa"),
    "specialist": _l("Chuyên viên"),
    "department_leader": _l("Lãnh đạo phòng"),
    "agency_leader": _l("Lãnh đạo cơ quan"),
    "supervisor": _l("Giám sát"),
    "qa_editor": _l("Ban biên tập hỏi đáp"),
    "admin": _l("Quản trị hệ thống"),
}


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda code: ROLE_LABELS.get(code, code), "role_label")
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

# Where a dossier stands, in the applicant's words, by the open task's name.
STEP_LABELS = {
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


def init_status_labels(app: Flask) -> None:
    """Filters for the applicant portal's codes: status, current step, levels, time units, channels."""
    for name, words in (
        ("status_label", STATUS_LABELS),
        ("tier_label", TIER_LABELS),
        ("online_level_label", ONLINE_LEVEL_LABELS),
        ("time_unit_label", TIME_UNIT_LABELS),
        ("channel_label", CHANNEL_LABELS),
    ):
        app.add_template_filter(lambda code, words=words: words.get(getattr(code, "value", code), code), name)
    app.add_template_filter(lambda name: STEP_LABELS.get(name, _l("Đang giải quyết")), "step_label")
