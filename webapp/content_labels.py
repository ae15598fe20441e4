"""Names of content types, states, categories and legal statuses in the reader's language, as template filters."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from engine.models import CommentStatus, ContentItem, ContentStatus, ContentType, LegalStatus

TYPE_LABELS = {
    ContentType.NEWS: _l("Tin tức, sự kiện"),
    ContentType.URGENT: _l("Thông báo khẩn"),
    ContentType.DIRECTION: _l("Chỉ đạo, điều hành"),
    ContentType.INTRODUCTION: _l("Giới thiệu"),
    ContentType.LEGAL: _l("Văn bản pháp luật"),
    ContentType.PLANNING: _l("Quy hoạch, kế hoạch"),
    ContentType.CONSULTATION: _l("Lấy ý kiến dự thảo văn bản"),
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


def item_title(item: ContentItem) -> str:
    """The English title where the editor gave one and the reader reads English, else the Vietnamese one."""
    english = get_locale() is not None and get_locale().language == "en"
    return item.title_en if english and item.title_en else item.title


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda value: str(TYPE_LABELS[ContentType(value)]), "content_type")
    app.add_template_filter(lambda value: str(STATUS_LABELS[ContentStatus(value)]), "content_status")
    app.add_template_filter(lambda value: str(LEGAL_STATUS_LABELS[LegalStatus(value)]), "legal_status")
    app.add_template_filter(lambda value: str(CATEGORY_LABELS.get(value, value)), "content_category")
    app.add_template_filter(lambda value: str(COMMENT_STATUS_LABELS[CommentStatus(value)]), "comment_status")
    app.add_template_filter(item_title, "item_title")
