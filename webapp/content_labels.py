"""Names of content types, states, categories and legal statuses in the reader's language, as template filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.content.type_fields import Field, fields_of, week_start
from engine.models import CommentStatus, ContentItem, ContentStatus, ContentType, LegalStatus

TYPE_LABELS = {
    ContentType.NEWS: _l("Tin tức, sự kiện"),
    ContentType.URGENT: _l("Thông báo khẩn"),
    ContentType.DIRECTION: _l("Chỉ đạo, điều hành"),
    ContentType.INTRODUCTION: _l("Giới thiệu"),
    ContentType.LEGAL: _l("Văn bản pháp luật"),
    ContentType.PLANNING: _l("Quy hoạch, kế hoạch"),
    ContentType.CONSULTATION: _l("Lấy ý kiến dự thảo văn bản"),
    ContentType.SCHEDULE: _l("Lịch công tác"),
    ContentType.BUDGET: _l("Công khai ngân sách"),
    ContentType.PRICES: _l("Giá, phí, lệ phí"),
    ContentType.INVESTMENT: _l("Dự án đầu tư"),
    ContentType.PROCUREMENT: _l("Mua sắm công, đấu thầu"),
    ContentType.STATISTICS: _l("Số liệu thống kê"),
}
STATUS_LABELS = {
    ContentStatus.SUBMITTED: _l("Chờ biên tập"),
    ContentStatus.IN_APPROVAL: _l("Chờ trưởng ban duyệt"),
    ContentStatus.SENT_BACK: _l("Trả lại để sửa"),
    ContentStatus.PUBLISHED: _l("Đã đăng"),
    ContentStatus.UNPUBLISHED: _l("Đã gỡ"),
}
COMMENT_STATUS_LABELS = {
    CommentStatus.PENDING: _l("Chờ kiểm duyệt"),
    CommentStatus.PUBLISHED: _l("Đã công khai"),
    CommentStatus.REJECTED: _l("Không công khai"),
}
LEGAL_STATUS_LABELS = {
    LegalStatus.IN_FORCE: _l("Còn hiệu lực"),
    LegalStatus.AMENDED: _l("Đã được sửa đổi, bổ sung"),
    LegalStatus.REPEALED: _l("Hết hiệu lực"),
}
CATEGORY_LABELS = {
    "activities": _l("Hoạt động"),
    "economy": _l("Kinh tế"),
    "society": _l("Xã hội"),
    "culture": _l("Văn hóa"),
    "administrative_reform": _l("Cải cách hành chính"),
}

EDIT_STEP_LABELS = {
    "submitted": _l("Gửi tin bài"),
    "revision_submitted": _l("Gửi bản sửa đổi"),
    "edit_content": _l("Biên tập"),
    "approve_content": _l("Duyệt"),
    "fix_content": _l("Sửa, gửi lại"),
}

CHOICE_LABELS = {
    "estimate": _l("Dự toán"),
    "settlement": _l("Quyết toán"),
    "report": _l("Báo cáo tình hình thực hiện"),
    "open_bidding": _l("Đấu thầu rộng rãi"),
    "limited_bidding": _l("Đấu thầu hạn chế"),
    "direct_appointment": _l("Chỉ định thầu"),
    "competitive_offer": _l("Chào hàng cạnh tranh"),
    "direct_purchase": _l("Mua sắm trực tiếp"),
    "proposed": _l("Đề xuất"),
    "approved": _l("Đã phê duyệt chủ trương"),
    "in_progress": _l("Đang thực hiện"),
    "completed": _l("Đã hoàn thành"),
    "suspended": _l("Tạm dừng"),
}


def _english() -> bool:
    return get_locale() is not None and get_locale().language == "en"


def item_title(item: ContentItem) -> str:
    """The English title where the editor gave one and the reader reads English, else the Vietnamese one."""
    return item.title_en if _english() and item.title_en else item.title


def field_text(values: dict[str, Any], f: Field) -> str:
    """A typed item's field as a reader sees it: in English where the editor gave it, dates and amounts written out."""
    value = values.get(f"{f.name}_en") if f.english and _english() else None
    value = value or values.get(f.name, "")
    if value == "":
        return "—"
    if f.choices:
        return str(CHOICE_LABELS.get(value, value))
    if f.kind == "money":
        return _("%(amount)s đồng", amount=f"{value:,}".replace(",", "."))
    if f.kind == "date":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if f.kind == "moment":
        return datetime.fromisoformat(value).strftime("%H:%M %d/%m/%Y")
    if f.kind == "week":
        monday, (year, number) = week_start(value), value.split("-W")
        return _("Tuần %(week)s (từ %(day)s)", week=f"{int(number)}/{year}", day=monday.strftime("%d/%m/%Y"))
    return str(value)


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda value: str(TYPE_LABELS[ContentType(value)]), "content_type")
    app.add_template_filter(lambda value: str(STATUS_LABELS[ContentStatus(value)]), "content_status")
    app.add_template_filter(lambda value: str(LEGAL_STATUS_LABELS[LegalStatus(value)]), "legal_status")
    app.add_template_filter(lambda value: str(CATEGORY_LABELS.get(value, value)), "content_category")
    app.add_template_filter(lambda value: str(COMMENT_STATUS_LABELS[CommentStatus(value)]), "comment_status")
    app.add_template_filter(lambda value: str(EDIT_STEP_LABELS.get(value, value)), "edit_step")
    app.add_template_filter(item_title, "item_title")
    app.add_template_filter(lambda value: str(CHOICE_LABELS.get(value, value)), "type_choice")
    app.add_template_filter(fields_of, "type_fields")
    app.add_template_filter(field_text, "field_text")
