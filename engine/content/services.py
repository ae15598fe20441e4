"""The editorial board's services: an agency submits an item or a revision of a published one, the board works its
tasks, the editor-in-chief corrects or unpublishes; one transaction each. Nothing is deleted."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.content.deadlines import publish_due
from engine.content.drafts import CheckedDraft, ItemDraft, check_draft
from engine.content.images import ALT_MISSING
from engine.content.notices import notify_board
from engine.content.permissions import contributing_agencies, is_chief, may_revise
from engine.content.rich_text import images, sanitised
from engine.content.step import ContentChanged, ContentStep
from engine.content.versions import apply_values, edited, published_version, values_of
from engine.errors import N_, InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import ContentItem, ContentStatus, Role, TaskRow, TaskState, User, WorkflowInstance
from engine.people.permissions import may_work
from engine.questions.services import CODE_ALPHABET
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from engine.uploads import keep
from engine.workflow import definitions, instances
from engine.workflow.behaviours import CONTENT_PROCESS
from engine.workflow.scripting import DossierScriptEngine
from engine.workflow.step import take
from forms.validation import clean, validate
from sla.calendar import WorkingCalendar


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
        checked = check_draft(draft, today=at.astimezone(runtime.tz).date())
        calendar = runtime.calendar(session)
        item = ContentItem(
            code=_new_code(session),
            content_type=checked.content_type,
            status=ContentStatus.SUBMITTED,
            agency_id=agency_id or agencies[0],
            author=actor,
            submitted_at=at,
            updated_at=at,
        )
        values = _with_files(runtime, session, checked, at)
        apply_values(item, values, at, calendar, runtime.tz)
        item.due_at = publish_due(calendar, runtime.tz, item.content_type, item.event_on)
        workflow = _started(runtime, session, item, calendar, at)
        session.add(item)
        session.flush()
        session.add(edited(item, "submitted", at, actor, values))
        step = ContentStep(runtime, session, item.instance, workflow, calendar, at, actor, item)
        step.finish("content_submitted", after={"content_type": item.content_type.value})
        notify_board(step, "content_submitted", Role.CONTENT_EDITOR)
        uow.commit()
        return ContentMoved(item.code, item.version, item.status)


def revise_item(
    runtime: Runtime, uow: UnitOfWork, *, code: str, actor_id: int, draft: ItemDraft, expected_version: int
) -> ContentMoved:
    """A revision of a published item (sửa đổi tin bài đã đăng), written by a contributor of its agency or the board:
    it goes through the whole board as a new item does, while the published version stays public unchanged."""
    with uow:
        session = uow.session
        at = runtime.clock.now()
        actor = session.get(User, actor_id)
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        if item is None:
            raise NotFound(what=f"tin bài {code}")
        if actor is None or not may_revise(actor, item):
            raise NotAllowed(action="sửa đổi tin bài đã đăng")
        if item.status is not ContentStatus.PUBLISHED or item.draft is not None:
            raise StepNotAvailable(dossier_code=code, action="sửa đổi (tin bài chưa đăng hoặc đang có bản sửa đổi)")
        today = at.astimezone(runtime.tz).date()
        checked = check_draft(draft, today=today, content_type=item.content_type, before=values_of(item, runtime.tz))
        item = take(session, ContentItem, code, expected_version, f"tin bài {code}", ContentChanged(item_code=code))
        calendar = runtime.calendar(session)
        values = _with_files(runtime, session, checked, at)
        item.draft, item.draft_status, item.sent_back_reason, item.updated_at = values, ContentStatus.SUBMITTED, "", at
        workflow = _started(runtime, session, item, calendar, at)
        session.flush()
        session.add(edited(item, "revision_submitted", at, actor, values))
        step = ContentStep(runtime, session, item.instance, workflow, calendar, at, actor, item)
        step.finish("content_revision_submitted", after={"revision": item.revision + 1})
        notify_board(step, "content_submitted", Role.CONTENT_EDITOR)
        uow.commit()
        return ContentMoved(item.code, item.version, item.status)


def _started(
    runtime: Runtime, session: Session, item: ContentItem, calendar: WorkingCalendar, at: datetime
) -> BpmnWorkflow:
    """The item's own run of the newest board diagram: a new item's, or a revision's (the runs before stay)."""
    definition = definitions.newest(session, CONTENT_PROCESS)
    workflow = instances.start(
        definition, {"content": {"code": item.code}}, DossierScriptEngine(runtime.clock, calendar)
    )
    item.instance = WorkflowInstance(process_definition=definition, state="", serializer_version="", updated_at=at)
    return workflow


def _with_files(runtime: Runtime, session: Session, checked: CheckedDraft, at: datetime) -> dict[str, Any]:
    """The draft's values with its new files stored (by content hash) after the ones it keeps."""
    added = [{"sha256": keep(runtime.files, session, c, at), "filename": c.filename} for c in checked.uploads]
    return {**checked.values, "files": checked.values["files"] + added}


def complete_content_task(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    task_id: int,
    actor_id: int,
    data: dict[str, Any],
    expected_version: int,
    item: ItemDraft | None = None,
) -> ContentMoved:
    """Complete an editor's, the editor-in-chief's or the contributor's task with its form, its decision driving the
    diagram; `item`, when given, is the item's values as edited in this step, checked as on submission (every field
    of its type, its files) and kept as a version; a revision's edits stay on the revision."""
    with uow:
        session = uow.session
        task = session.get(TaskRow, task_id)
        found = session.scalar(select(ContentItem).where(ContentItem.instance_id == task.instance_id)) if task else None
        if found is None:
            raise NotFound(what="bước xử lý tin bài này")
        if task.state is not TaskState.OPEN:
            raise StepNotAvailable(dossier_code=found.code, action="thực hiện bước này (đã xong hoặc bị hủy)")
        actor = session.get(User, actor_id)
        if actor is None or not may_work(actor, task):
            raise NotAllowed(action=f"xử lý bước «{task.title}» của tin bài này")
        errors = validate(task.form, data)
        checked = None
        if item is not None:
            before = _working_values(found, runtime)
            today = runtime.clock.now().astimezone(runtime.tz).date()
            try:
                checked = check_draft(item, today=today, content_type=found.content_type, before=before)
            except InvalidData as invalid:
                errors = {**invalid.errors, **errors}
        if errors:
            raise InvalidData(errors)
        form = clean(task.form, data)
        step = ContentStep.begin(runtime, session, found.code, expected_version, actor)
        bpmn_task = step.task(task.task_guid)
        if bpmn_task is None:
            raise StepNotAvailable(dossier_code=found.code, action=f"thực hiện bước «{task.title}»")
        if checked is not None:
            _edit(step, task.task_name, _with_files(runtime, session, checked, step.at))
        bpmn_task.data.update({task.task_name: form, **({task.behaviour: form} if task.behaviour else {})})
        bpmn_task.run()
        step.finish(
            "content_task_completed",
            from_step=task.task_name,
            reason=form.get("reason") or form.get("note", ""),
            after=form,
        )
        uow.commit()
        return ContentMoved(step.item.code, step.item.version, step.item.status)


def _working_values(item: ContentItem, runtime: Runtime) -> dict[str, Any]:
    """The values the board works on: a revision's, else the item's own."""
    return item.draft if item.draft is not None else values_of(item, runtime.tz)


def _edit(step: ContentStep, task_name: str, values: dict[str, Any]) -> None:
    """The item's (or its revision's) new values, kept as a version when they changed anything."""
    item = step.item
    if values == _working_values(item, step.runtime):
        return
    if item.draft is not None:
        item.draft = values
    else:
        apply_values(item, values, step.at, step.calendar, step.runtime.tz)
    item.updated_at = step.at
    step.session.add(edited(item, task_name, step.at, step.actor, values))


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
    """The editor-in-chief corrects a published item's title, summary or text at once (đính chính), with a reason on
    record: it stays published, as its next version, approved by them; the versions before stay. Anything more goes
    through the board as a revision (`revise_item`)."""
    with uow:
        session = uow.session
        actor = session.get(User, actor_id)
        if actor is None or not is_chief(actor):
            raise NotAllowed(action="đính chính tin bài đã đăng")
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        if item is None:
            raise NotFound(what=f"tin bài {code}")
        if item.status is not ContentStatus.PUBLISHED or item.draft is not None:
            raise StepNotAvailable(dossier_code=code, action="đính chính (tin bài chưa đăng hoặc đang có bản sửa đổi)")
        reason = nfc(reason.strip())
        errors = {}
        title = nfc(text.get("title", "").strip())
        body = sanitised(nfc(text.get("body", "")))
        if not 5 <= len(title) <= 255:
            errors["title"] = N_("Tiêu đề: từ 5 đến 255 ký tự.")
        if any(not alt for _sha256, alt in images(body)):
            errors["body"] = ALT_MISSING
        if not 5 <= len(reason) <= 2000:
            errors["reason"] = N_("Lý do đính chính: từ 5 đến 2.000 ký tự.")
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        values = {**values_of(item, runtime.tz), "title": title, "summary": nfc(text.get("summary", "").strip())}
        apply_values(item, values | {"body": body}, at, runtime.calendar(session), runtime.tz)
        item.approver, item.published_at, item.updated_at = actor, at, at
        item.version += 1
        session.add(published_version(item, at, actor.id, runtime.tz))
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


def _new_code(session: Session) -> str:
    """An item's code nobody can guess from another one (TB-XXXX-XXXX)."""
    while True:
        token = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"TB-{token[:4]}-{token[4:]}"
        if not session.scalar(select(exists().where(ContentItem.code == code))):
            return code
