"""The editorial board's services: an agency submits an item, the board works its tasks, the editor-in-chief
unpublishes; one transaction each. Nothing is deleted."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.content.consultations import opened
from engine.content.deadlines import publish_due
from engine.content.effects import published_version
from engine.content.images import check_alternative_texts
from engine.content.notices import notify_board
from engine.content.permissions import contributing_agencies, is_chief
from engine.content.rich_text import plain, sanitised
from engine.content.step import ContentStep
from engine.content.type_fields import checked_fields, week_start, words
from engine.errors import N_, InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import (
    Consultation,
    ContentFile,
    ContentItem,
    ContentStatus,
    ContentType,
    LegalDocument,
    LegalStatus,
    Role,
    TaskRow,
    TaskState,
    User,
    WorkflowInstance,
)
from engine.people.permissions import may_work
from engine.questions.services import CODE_ALPHABET
from engine.runtime import Runtime
from engine.text import fold, nfc
from engine.uow import UnitOfWork
from engine.uploads import CheckedFile, Upload, check_upload, keep
from engine.workflow import definitions, instances
from engine.workflow.behaviours import CONTENT_PROCESS
from engine.workflow.scripting import DossierScriptEngine
from forms.validation import clean, validate
from sla.calendar import WorkingCalendar

CATEGORIES = ("activities", "economy", "society", "culture", "administrative_reform")
TEXT_FIELDS = ("title", "summary", "body")
MAX_FILES = 5


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
    """An item as its contributor wrote it; `event_on` is the day of the event (news) or the signing (planning)."""

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


@dataclass(frozen=True)
class ContentMoved:
    """What a step did: the item's new version (for the next step) and where it stands."""

    code: str
    version: int
    status: ContentStatus


def submit_item(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, draft: ItemDraft, agency_id: int | None = None
) -> ContentMoved:
    """A contributor's new item with its files, its publishing deadline, and its diagram at the editors."""
    with uow:
        session = uow.session
        at = runtime.clock.now()
        actor = session.get(User, actor_id)
        agencies = contributing_agencies(actor) if actor else []
        if not agencies or (agency_id is not None and agency_id not in agencies):
            raise NotAllowed(action="gửi tin bài lên cổng thông tin")
        content_type, event_on, legal, errors = _checked(draft)
        fields, field_errors = checked_fields(content_type, draft.fields)
        errors |= field_errors
        if content_type is ContentType.SCHEDULE and not field_errors:
            event_on = week_start(fields["week"])
        calendar = runtime.calendar(session)
        consultation = _consultation(draft, content_type, calendar, runtime, errors)
        checked = _checked_files(draft.files, errors)
        if errors:
            raise InvalidData(errors)
        item = ContentItem(
            code=_new_code(session),
            content_type=content_type,
            status=ContentStatus.SUBMITTED,
            agency_id=agency_id or agencies[0],
            author=actor,
            source=nfc(draft.source.strip()),
            title_en=nfc(draft.title_en.strip()),
            category=draft.category if content_type is ContentType.NEWS else "",
            featured=draft.featured and content_type is ContentType.NEWS,
            fields=fields,
            event_on=legal.issued_on if legal else event_on,
            submitted_at=at,
            updated_at=at,
            legal=legal,
            consultation=consultation,
        )
        _revise(item, {name: getattr(draft, name) for name in TEXT_FIELDS})
        item.due_at = publish_due(calendar, runtime.tz, content_type, item.event_on)
        item.files = [
            ContentFile(sha256=keep(runtime.files, session, c, at), filename=c.filename, added_at=at) for c in checked
        ]
        definition = definitions.newest(session, CONTENT_PROCESS)
        workflow = instances.start(
            definition, {"content": {"code": item.code}}, DossierScriptEngine(runtime.clock, calendar)
        )
        item.instance = WorkflowInstance(process_definition=definition, state="", serializer_version="", updated_at=at)
        session.add(item)
        session.flush()
        step = ContentStep(runtime, session, item.instance, workflow, calendar, at, actor, item)
        step.finish("content_submitted", after={"content_type": content_type.value})
        notify_board(step, "content_submitted", Role.CONTENT_EDITOR)
        uow.commit()
        return ContentMoved(item.code, item.version, item.status)


def complete_content_task(
    runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int, data: dict[str, Any], expected_version: int
) -> ContentMoved:
    """Complete an editor's, the editor-in-chief's or the contributor's task with its form; the text it carries is
    the item's new text, its decision drives the diagram."""
    with uow:
        session = uow.session
        task = session.get(TaskRow, task_id)
        item = session.scalar(select(ContentItem).where(ContentItem.instance_id == task.instance_id)) if task else None
        if item is None:
            raise NotFound(what="bước xử lý tin bài này")
        if task.state is not TaskState.OPEN:
            raise StepNotAvailable(dossier_code=item.code, action="thực hiện bước này (đã xong hoặc bị hủy)")
        actor = session.get(User, actor_id)
        if actor is None or not may_work(actor, task):
            raise NotAllowed(action=f"xử lý bước «{task.title}» của tin bài này")
        errors = validate(task.form, data)
        if errors:
            raise InvalidData(errors)
        form = clean(task.form, data)
        step = ContentStep.begin(runtime, session, item.code, expected_version, actor)
        bpmn_task = step.task(task.task_guid)
        if bpmn_task is None:
            raise StepNotAvailable(dossier_code=item.code, action=f"thực hiện bước «{task.title}»")
        text = {name: form.pop(name) for name in TEXT_FIELDS if name in form}
        if text:
            _revise(item, {name: text.get(name, "") for name in TEXT_FIELDS})
        bpmn_task.data.update({task.task_name: form, **({task.behaviour: form} if task.behaviour else {})})
        bpmn_task.run()
        step.finish(
            "content_task_completed",
            from_step=task.task_name,
            reason=form.get("reason") or form.get("note", ""),
            after=form,
        )
        uow.commit()
        return ContentMoved(item.code, item.version, item.status)


def unpublish_item(runtime: Runtime, uow: UnitOfWork, *, code: str, actor_id: int, reason: str) -> ContentMoved:
    """The editor-in-chief takes a published item down; the item, its versions and its files stay on record."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None or not is_chief(actor):
            raise NotAllowed(action="gỡ tin bài khỏi cổng thông tin")
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        if item is None:
            raise NotFound(what=f"tin bài {code}")
        if item.status is not ContentStatus.PUBLISHED:
            raise StepNotAvailable(dossier_code=code, action="gỡ tin bài (tin bài chưa được đăng)")
        reason = nfc(reason.strip())
        if not 5 <= len(reason) <= 2000:
            raise InvalidData({"reason": N_("Lý do gỡ tin bài: từ 5 đến 2.000 ký tự.")})
        at = runtime.clock.now()
        item.status, item.unpublished_at, item.updated_at = ContentStatus.UNPUBLISHED, at, at
        item.version += 1
        record_event(
            session,
            "content_unpublished",
            at,
            actor=actor,
            result=item.status.value,
            reason=reason,
            after={"content_item": code},
        )
        uow.commit()
        return ContentMoved(code, item.version, item.status)


def correct_published(
    runtime: Runtime, uow: UnitOfWork, *, code: str, actor_id: int, text: dict[str, str], reason: str
) -> ContentMoved:
    """The editor-in-chief corrects a published item's title, summary or text: it stays published, as its next
    version, approved by them; the versions before stay on record."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None or not is_chief(actor):
            raise NotAllowed(action="đính chính tin bài đã đăng")
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        if item is None:
            raise NotFound(what=f"tin bài {code}")
        if item.status is not ContentStatus.PUBLISHED:
            raise StepNotAvailable(dossier_code=code, action="đính chính (tin bài chưa được đăng)")
        reason = nfc(reason.strip())
        errors = {}
        if not 5 <= len(nfc(text.get("title", "").strip())) <= 255:
            errors["title"] = N_("Tiêu đề: từ 5 đến 255 ký tự.")
        if not 5 <= len(reason) <= 2000:
            errors["reason"] = N_("Lý do đính chính: từ 5 đến 2.000 ký tự.")
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        _revise(item, {name: text.get(name, "") for name in TEXT_FIELDS})
        item.approver, item.published_at, item.updated_at = actor, at, at
        item.version += 1
        session.add(published_version(item, at, actor.id))
        record_event(
            session,
            "content_corrected",
            at,
            actor=actor,
            result=item.status.value,
            reason=reason,
            after={"content_item": code, "revision": item.revision},
        )
        uow.commit()
        return ContentMoved(code, item.version, item.status)


def _checked(draft: ItemDraft) -> tuple[ContentType, date | None, LegalDocument | None, dict[str, str]]:
    """The type, the event's day and the legal document of the draft, and what is wrong with them, by field."""
    errors: dict[str, str] = {}
    try:
        content_type = ContentType(draft.content_type)
    except ValueError:
        errors["content_type"] = N_("Loại tin bài: giá trị không hợp lệ.")
        content_type = ContentType.NEWS
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
    event_on = _day(draft.event_on, "event_on", N_("Ngày diễn ra sự kiện, ngày ký: không đúng định dạng."), errors)
    # a legal document's day is its signing, a schedule's the Monday of its week
    no_day = (ContentType.INTRODUCTION, ContentType.LEGAL, ContentType.CONSULTATION, ContentType.SCHEDULE)
    needs_day = content_type not in no_day
    if needs_day and event_on is None and "event_on" not in errors:
        errors["event_on"] = N_("Ngày diễn ra sự kiện, ngày ký: bắt buộc nhập.")
    legal = _legal(draft.legal, errors) if content_type is ContentType.LEGAL else None
    return content_type, event_on, legal, errors


def _consultation(
    draft: ItemDraft, content_type: ContentType, calendar: WorkingCalendar, runtime: Runtime, errors: dict[str, str]
) -> Consultation | None:
    """A consultation's closing day: required, after today."""
    if content_type is not ContentType.CONSULTATION:
        return None
    closes_on = _day(draft.closes_on, "closes_on", N_("Ngày hết hạn lấy ý kiến: không đúng định dạng."), errors)
    if closes_on is None or closes_on <= runtime.clock.now().astimezone(runtime.tz).date():
        errors.setdefault("closes_on", N_("Ngày hết hạn lấy ý kiến: bắt buộc nhập, sau ngày hôm nay."))
        return None
    return opened(calendar, runtime.tz, closes_on)


def _legal(fields: LegalFields | None, errors: dict[str, str]) -> LegalDocument | None:
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
    issued = _day(fields.issued_on, "issued_on", N_("Ngày ban hành: không đúng định dạng."), errors)
    if issued is None and "issued_on" not in errors:
        errors["issued_on"] = N_("Ngày ban hành: bắt buộc nhập.")
    effective = _day(fields.effective_on, "effective_on", N_("Ngày có hiệu lực: không đúng định dạng."), errors)
    if issued and effective and effective < issued:
        errors["effective_on"] = N_("Ngày có hiệu lực: không được trước ngày ban hành.")
    try:
        status = LegalStatus(fields.legal_status)
    except ValueError:
        errors["legal_status"] = N_("Tình trạng hiệu lực: giá trị không hợp lệ.")
        return None
    if issued is None or any(name in errors for name in values):
        return None
    return LegalDocument(
        **values, number_folded=fold(values["number"]), issued_on=issued, effective_on=effective, legal_status=status
    )


def _day(text: str, name: str, message: str, errors: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[name] = message
        return None


def _checked_files(uploads: list[Upload], errors: dict[str, str]) -> list[CheckedFile]:
    """Each file checked as every upload is (PDF, JPEG or PNG, clean); at most MAX_FILES."""
    if len(uploads) > MAX_FILES:
        errors["files"] = N_("Tệp đính kèm: tối đa 5 tệp.")
        return []
    checked = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, "files", N_("Tệp đính kèm")))
        except InvalidData as invalid:
            errors |= invalid.errors
    return checked


def _revise(item: ContentItem, text: dict[str, str]) -> None:
    """New title, summary and text: the text sanitised (each image with its alternative text), the slug and the
    folded search text renewed."""
    item.title = nfc(text["title"].strip())
    item.summary = nfc(text["summary"].strip())
    item.body = sanitised(nfc(text["body"]))
    check_alternative_texts(item.body)
    item.slug = slug(item.title)
    legal = item.legal
    found = [item.title, item.title_en, item.summary, plain(item.body), *words(item.content_type, item.fields or {})]
    if legal is not None:
        found += [legal.number, legal.document_type, legal.issuer, legal.signer, legal.field]
    item.folded = fold(" ".join(found))


def slug(title: str) -> str:
    """The words of the title without accents, joined by hyphens, for readable permanent links."""
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:120] or "tin-bai"


def _new_code(session: Session) -> str:
    """An item's code nobody can guess from another one (TB-XXXX-XXXX)."""
    while True:
        token = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"TB-{token[:4]}-{token[4:]}"
        if not session.scalar(select(exists().where(ContentItem.code == code))):
            return code
