"""Public questions (hỏi đáp): asking, and working the editor's and the agency's tasks; one transaction each."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from engine.errors import InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import (
    Agency,
    Question,
    QuestionSource,
    QuestionStatus,
    QuestionTopic,
    StoredFile,
    TaskRow,
    TaskState,
    User,
    WorkflowInstance,
)
from engine.questions.attachments import check_attachment
from engine.questions.effects import local
from engine.questions.notices import asker_notice, track_url
from engine.questions.permissions import may_take
from engine.questions.step import QuestionStep
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from engine.uploads import Upload, keep
from engine.workflow import definitions, instances
from engine.workflow.behaviours import QUESTION_PROCESS
from engine.workflow.scripting import DossierScriptEngine
from forms.validation import clean, validate
from sla.deadlines import Duration, TimeUnit, due_moment

PROCESS_KEY = QUESTION_PROCESS
ANSWER_TIME = Duration(15, TimeUnit.WORKING_DAYS)
"""An agency answers within 15 working days of receiving the question (or replies in the meantime)."""
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed by hand
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,14}$")


@dataclass(frozen=True)
class Asker:
    """Who asks: a name and a way to reach them (email or phone)."""

    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Asked:
    """A question received: its tracking code and the moment it must be answered by."""

    code: str
    due_at: datetime


@dataclass(frozen=True)
class QuestionMoved:
    """What a step did: the question's new version (for the next step) and where it stands."""

    code: str
    version: int
    status: QuestionStatus


def ask(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    asker: Asker,
    title: str,
    body: str,
    topic: str = "",
    agency: str = "",
    attachment: Upload | None = None,
    source: QuestionSource = QuestionSource.PROVINCE,
    national_id: str | None = None,
) -> Asked:
    """A new question with its tracking code, its diagram started and the editor's classification waiting; one
    handed on by the national portal keeps its source and id there, and needs no contact (it is answered there)."""
    with uow:
        session = uow.session
        at = runtime.clock.now()
        asker = Asker(*(nfc(value.strip()) for value in (asker.name, asker.email, asker.phone, asker.address)))
        title, body = nfc(title.strip()), nfc(body.strip())
        errors = _asker_errors(asker, contact=source is QuestionSource.PROVINCE) | _text_errors(title, body)
        chosen_topic = session.scalar(select(QuestionTopic).where(QuestionTopic.code == topic, QuestionTopic.active))
        if topic and chosen_topic is None:
            errors["topic"] = "Lĩnh vực: giá trị không hợp lệ."
        chosen_agency = session.scalar(select(Agency).where(Agency.code == agency))
        if agency and chosen_agency is None:
            errors["agency"] = "Cơ quan: giá trị không hợp lệ."
        checked = None
        if attachment is not None:
            try:
                checked = check_attachment(attachment)
            except InvalidData as invalid:
                errors |= invalid.errors
        if errors:
            raise InvalidData(errors)
        calendar = runtime.calendar(session)
        question = Question(
            code=_new_code(session),
            status=QuestionStatus.SUBMITTED,
            source=source,
            national_id=national_id,
            asker_name=asker.name,
            asker_email=asker.email.lower(),
            asker_phone=asker.phone,
            asker_address=asker.address,
            title=title,
            body=body,
            topic=chosen_topic,
            requested_agency=chosen_agency,
            attachment=session.get(StoredFile, keep(runtime.files, session, checked, at)) if checked else None,
            attachment_name=checked.filename if checked else "",
            submitted_at=at,
            due_at=due_moment(calendar, at, ANSWER_TIME),
            updated_at=at,
        )
        definition = definitions.newest(session, PROCESS_KEY)
        workflow = instances.start(
            definition, {"question": {"code": question.code}}, DossierScriptEngine(runtime.clock, calendar)
        )
        question.instance = WorkflowInstance(
            process_definition=definition, state="", serializer_version="", updated_at=at
        )
        session.add(question)
        session.flush()
        step = QuestionStep(runtime, session, question.instance, workflow, calendar, at, None, question)
        step.finish("question_asked", after={"topic": topic, "agency": agency, "source": source.value})
        url = track_url(runtime, question)
        notice = asker_notice(question, "question_received", at, url, due=local(step, question.due_at), url=url)
        if notice is not None:
            session.add(notice)
        uow.commit()
        return Asked(question.code, question.due_at)


def _asker_errors(asker: Asker, *, contact: bool) -> dict[str, str]:
    errors = {}
    if not asker.name:
        errors["name"] = "Họ và tên: bắt buộc nhập."
    elif len(asker.name) > 255:
        errors["name"] = "Họ và tên: tối đa 255 ký tự."
    if contact and not asker.email and not asker.phone:
        errors["email"] = "Thư điện tử hoặc số điện thoại: nhập ít nhất một cách liên hệ."
    if asker.email and (len(asker.email) > 255 or not EMAIL.match(asker.email)):
        errors["email"] = "Thư điện tử: không đúng định dạng."
    if asker.phone and not PHONE.match(asker.phone):
        errors["phone"] = "Số điện thoại: không đúng định dạng."
    if len(asker.address) > 255:
        errors["address"] = "Địa chỉ: tối đa 255 ký tự."
    return errors


def _text_errors(title: str, body: str) -> dict[str, str]:
    errors = {}
    if not 5 <= len(title) <= 255:
        errors["title"] = "Tiêu đề: từ 5 đến 255 ký tự."
    if not 20 <= len(body) <= 10000:
        errors["body"] = "Nội dung câu hỏi: từ 20 đến 10.000 ký tự."
    return errors


def _new_code(session: Session) -> str:
    """A tracking code nobody can guess from another one (HD-XXXX-XXXX)."""
    while True:
        token = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"HD-{token[:4]}-{token[4:]}"
        if not session.scalar(select(exists().where(Question.code == code))):
            return code


def complete_question_task(
    runtime: Runtime, uow: UnitOfWork, *, task_id: int, actor_id: int, data: dict[str, Any], expected_version: int
) -> QuestionMoved:
    """Complete the editor's or the agency's task with its form: the form's decision drives the diagram."""
    with uow:
        session = uow.session
        task = session.get(TaskRow, task_id)
        question = session.scalar(select(Question).where(Question.instance_id == task.instance_id)) if task else None
        if question is None:
            raise NotFound(what="bước xử lý câu hỏi này")
        if task.state is not TaskState.OPEN:
            raise StepNotAvailable(dossier_code=question.code, action="thực hiện bước này (đã xong hoặc bị hủy)")
        actor = session.get(User, actor_id)
        if actor is None or not may_take(actor, task):
            raise NotAllowed(action=f"xử lý bước «{task.title}» của câu hỏi này")
        errors = validate(task.form, data)
        if errors:
            raise InvalidData(errors)
        form = clean(task.form, data)
        derived = _derived(session, runtime, task.behaviour, form)
        step = QuestionStep.begin(runtime, session, question.code, expected_version, actor)
        bpmn_task = step.task(task.task_guid)
        if bpmn_task is None:
            raise StepNotAvailable(dossier_code=question.code, action=f"thực hiện bước «{task.title}»")
        bpmn_task.data.update({task.task_name: form, **({task.behaviour: form} if task.behaviour else {})})
        bpmn_task.data.update(derived)
        bpmn_task.run()
        reason = form.get("reply") or form.get("interim_reply") or form.get("rework_note") or form.get("note") or ""
        step.finish("question_task_completed", from_step=task.task_name, reason=reason, after=form)
        uow.commit()
        return QuestionMoved(question.code, question.version, question.status)


def _derived(session: Session, runtime: Runtime, behaviour: str, form: dict[str, Any]) -> dict[str, Any]:
    """Check what the schema cannot (agency, topic, promised date) and compute what the diagram needs."""
    if behaviour == "classify_question" and form["decision"] == "accept":
        errors = {}
        if not session.scalar(select(exists().where(Agency.code == form["agency"]))):
            errors["agency"] = "Cơ quan trả lời: giá trị không hợp lệ."
        if not session.scalar(select(exists().where(QuestionTopic.code == form["topic"], QuestionTopic.active))):
            errors["topic"] = "Lĩnh vực: giá trị không hợp lệ."
        if errors:
            raise InvalidData(errors)
    if behaviour == "answer_question" and form["kind"] == "interim":
        calendar = runtime.calendar(session)
        day = date.fromisoformat(form["promised_date"])
        if day <= calendar.local(runtime.clock.now()).date():
            raise InvalidData({"promised_date": "Ngày hẹn trả lời: phải sau ngày hôm nay."})
        if not calendar.is_working_day(day):
            day = calendar.next_working_day(day)
        return {"promised_at": calendar.office_intervals(day)[-1][1].isoformat()}
    return {}
