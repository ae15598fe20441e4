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

PAYMENT_STATE_LABELS = {
    "pending": _l("Chờ thanh toán"),
    "paid": _l("Đã thanh toán"),
    "failed": _l("Không thành công"),
    "refunded": _l("Đã hoàn trả"),
}


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda code: ROLE_LABELS.get(code, code), "role_label")
    app.add_template_filter(lambda code: PAYMENT_STATE_LABELS.get(code, code), "payment_state")
