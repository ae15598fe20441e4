"""An item's values as its contributor or the board typed them (tiêu đề, nội dung, trường riêng, tệp), checked the
same way on submission, on every edit and in a revision, into one plain value: the shape of a version's snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.content.images import ALT_MISSING
from engine.content.rich_text import images, sanitised
from engine.content.type_fields import checked_fields, week_start
from engine.errors import N_, InvalidData
from engine.models import ContentType, LegalStatus
from engine.text import nfc
from engine.uploads import CheckedFile, Upload, check_upload

CATEGORIES = ("activities", "economy", "society", "culture", "administrative_reform")
MAX_FILES = 5
# a legal document's day is its signing, a schedule's the Monday of its week
NO_DAY = (ContentType.INTRODUCTION, ContentType.LEGAL, ContentType.CONSULTATION, ContentType.SCHEDULE)


@dataclass(frozen=True)
class LegalFields:
    """What a legal document carries besides its text, as typed (dates in ISO form)."""

    number: str
    document_type: str
    issuer: str
    signer: str
    issued_on: str
    effective_on: str = ""
    legal_status: str = LegalStatus.IN_FORCE.value
    field: str = ""


@dataclass(frozen=True)
class ItemDraft:
    """An item as its contributor wrote it; `event_on` is the day of the event (news) or the signing (planning).
    An edit names the files already on the item it keeps (`kept_files`, by hash) beside the new ones (`files`)."""

    content_type: str
    title: str
    summary: str = ""
    body: str = ""
    source: str = ""
    category: str = ""
    featured: bool = False
    event_on: str = ""
    title_en: str = ""
    closes_on: str = ""  # a consultation: the last day it takes comments
    legal: LegalFields | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # the type's own fields (engine/content/type_fields)
    files: list[Upload] = field(default_factory=list)
    kept_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedDraft:
    """The draft's values (files kept so far, new ones still to store) and its new files, checked."""

    content_type: ContentType
    values: dict[str, Any]
    uploads: list[CheckedFile]


def check_draft(
    draft: ItemDraft, *, today: date, content_type: ContentType | None = None, before: dict[str, Any] | None = None
) -> CheckedDraft:
    """The draft checked field by field, every error at once (InvalidData, nothing written). An edit passes the
    item's type (which never changes) and its values `before`: the files it may keep, the closing day it may keep."""
    errors: dict[str, str] = {}
    if content_type is None:
        try:
            content_type = ContentType(draft.content_type)
        except ValueError:
            errors["content_type"] = N_("Loại tin bài: giá trị không hợp lệ.")
            content_type = ContentType.NEWS
    values = _text(draft, content_type, errors)
    fields, field_errors = checked_fields(content_type, draft.fields)
    errors |= field_errors
    values["fields"] = fields
    event_on = _day(draft.event_on, "event_on", N_("Ngày diễn ra sự kiện, ngày ký: không đúng định dạng."), errors)
    if content_type not in NO_DAY and event_on is None and "event_on" not in errors:
        errors["event_on"] = N_("Ngày diễn ra sự kiện, ngày ký: bắt buộc nhập.")
    values["legal"] = _legal(draft.legal, errors) if content_type is ContentType.LEGAL else None
    if values["legal"]:
        event_on = date.fromisoformat(values["legal"]["issued_on"])
    elif content_type is ContentType.SCHEDULE and not field_errors:
        event_on = week_start(fields["week"])
    values["event_on"] = event_on.isoformat() if event_on else None
    values["closes_on"] = _closes_on(draft, content_type, today, before, errors)
    kept = [f for f in (before or {}).get("files", []) if f["sha256"] in draft.kept_files]
    values["files"] = kept
    uploads = _checked_files(draft.files, MAX_FILES - len(kept), errors)
    if errors:
        raise InvalidData(errors)
    return CheckedDraft(content_type, values, uploads)


def _text(draft: ItemDraft, content_type: ContentType, errors: dict[str, str]) -> dict[str, Any]:
    """Title, English title, summary, text (sanitised, each image described), source, category and featured."""
    title = nfc(draft.title.strip())
    if not 5 <= len(title) <= 255:
        errors["title"] = N_("Tiêu đề: từ 5 đến 255 ký tự.")
    if len(draft.summary) > 2000:
        errors["summary"] = N_("Tóm tắt: tối đa 2.000 ký tự.")
    if len(draft.body) > 200_000:
        errors["body"] = N_("Nội dung: tối đa 200.000 ký tự.")
    if len(draft.source) > 255 or len(draft.title_en) > 255:
        errors["source"] = N_("Nguồn tin, tiêu đề tiếng Anh: tối đa 255 ký tự.")
    if draft.category and draft.category not in CATEGORIES:
        errors["category"] = N_("Chuyên mục: giá trị không hợp lệ.")
    body = sanitised(nfc(draft.body))
    if any(not alt for _sha256, alt in images(body)):
        errors.setdefault("body", ALT_MISSING)
    news = content_type is ContentType.NEWS
    return {
        "title": title,
        "title_en": nfc(draft.title_en.strip()),
        "summary": nfc(draft.summary.strip()),
        "body": body,
        "source": nfc(draft.source.strip()),
        "category": draft.category if news else "",
        "featured": draft.featured and news,
    }


def _closes_on(
    draft: ItemDraft, content_type: ContentType, today: date, before: dict[str, Any] | None, errors: dict[str, str]
) -> str | None:
    """A consultation's closing day: required, after today (an edit may keep the day it had)."""
    if content_type is not ContentType.CONSULTATION:
        return None
    closes_on = _day(draft.closes_on, "closes_on", N_("Ngày hết hạn lấy ý kiến: không đúng định dạng."), errors)
    kept = closes_on is not None and before is not None and closes_on.isoformat() == before.get("closes_on")
    if closes_on is None or (closes_on <= today and not kept):
        errors.setdefault("closes_on", N_("Ngày hết hạn lấy ý kiến: bắt buộc nhập, sau ngày hôm nay."))
        return None
    return closes_on.isoformat()


def _legal(fields: LegalFields | None, errors: dict[str, str]) -> dict[str, Any] | None:
    if fields is None:
        errors["number"] = N_("Số, ký hiệu văn bản: bắt buộc nhập.")
        return None
    values = {
        name: nfc(str(getattr(fields, name)).strip())
        for name in ("number", "document_type", "issuer", "signer", "field")
    }
    for name, message in (
        ("number", N_("Số, ký hiệu văn bản: bắt buộc nhập, tối đa 80 ký tự.")),
        ("document_type", N_("Loại văn bản: bắt buộc nhập, tối đa 40 ký tự.")),
        ("issuer", N_("Cơ quan ban hành: bắt buộc nhập.")),
        ("signer", N_("Người ký: bắt buộc nhập.")),
    ):
        limit = {"number": 80, "document_type": 40}.get(name, 255)
        if not 1 <= len(values[name]) <= limit:
            errors[name] = message
    if len(values["field"]) > 120:
        errors["field"] = N_("Lĩnh vực: tối đa 120 ký tự.")
    issued = _day(fields.issued_on, "issued_on", N_("Ngày ban hành: không đúng định dạng."), errors)
    if issued is None and "issued_on" not in errors:
        errors["issued_on"] = N_("Ngày ban hành: bắt buộc nhập.")
    effective = _day(fields.effective_on, "effective_on", N_("Ngày có hiệu lực: không đúng định dạng."), errors)
    if issued and effective and effective < issued:
        errors["effective_on"] = N_("Ngày có hiệu lực: không được trước ngày ban hành.")
    if fields.legal_status not in set(LegalStatus):
        errors["legal_status"] = N_("Tình trạng hiệu lực: giá trị không hợp lệ.")
    if issued is None or any(name in errors for name in (*values, "legal_status")):
        return None
    return values | {
        "issued_on": issued.isoformat(),
        "effective_on": effective.isoformat() if effective else None,
        "legal_status": fields.legal_status,
    }


def _day(text: str, name: str, message: str, errors: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[name] = message
        return None


def _checked_files(uploads: list[Upload], room: int, errors: dict[str, str]) -> list[CheckedFile]:
    """Each file checked as every upload is (PDF, JPEG or PNG, clean); at most MAX_FILES with those kept."""
    if len(uploads) > room:
        errors["files"] = N_("Tệp đính kèm: tối đa 5 tệp.")
        return []
    checked = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, "files", N_("Tệp đính kèm")))
        except InvalidData as invalid:
            errors |= invalid.errors
    return checked
