"""What the dry run moves along a diagram's paths, through the real services: a dossier (submitted online, its
requests from outside, ended when returned, refused, stopped or withdrawn), a public question (asked, ended when
answered, published or declined), or a portal item (submitted, ended when published)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.catalog.procedures import publish, read_catalog
from engine.content.services import ItemDraft, complete_content_task, submit_item
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers import requests
from engine.dossiers.submission import submit
from engine.dossiers.tasks import complete_task
from engine.errors import N_
from engine.models import (
    Channel,
    ContentItem,
    ContentStatus,
    Dossier,
    DossierStatus,
    Event,
    Outcome,
    Question,
    QuestionTopic,
    Role,
    RoleAssignment,
    TaskRow,
    TaskState,
    User,
    WorkflowInstance,
)
from engine.people.permissions import may_work
from engine.questions.permissions import may_take
from engine.questions.services import Asker, ask, complete_question_task
from engine.runtime import Runtime

TEMPLATE = "land_transfer_registration"  # the demo procedure a dry-run procedure copies (provincial, a department)
RECEIVING_UNIT = "000.00.01.H99"  # where the demo province receives provincial dossiers
APPLICANT = "nguyenvanan"
ANSWERING_AGENCY = "000.00.31.H99"  # a demo agency that answers questions
CONTRIBUTORS = [  # two demo agencies, each with its own share, for diagrams with a contribute behaviour
    {"agency": "000.00.11.H99", "department": "DKKD", "amount": 2, "unit": "working_days"},
    {"agency": "000.00.50.H99", "department": "PV06", "amount": 1, "unit": "working_days"},
]
ENDED = frozenset(  # a granted dossier ends when its result is returned; a refused one when it is resolved
    {DossierStatus.NOT_RECEIVED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED, DossierStatus.RESULT_RETURNED}
)
REQUESTS = {  # a request from outside, the behaviour of the catch event waiting for it, and its words on a path
    "supplement": ("supplement_received", "bổ sung"),
    "withdraw": ("withdrawal_requested", "rút hồ sơ"),
    "apology": ("apology_requested", "xin lỗi, hẹn lại"),
    "stop": ("stop_requested", "đề nghị dừng xử lý"),
}


@dataclass
class State:
    """Where one subject stands: its version (for the next step), its workflow row, its open task rows."""

    code: str
    version: int
    instance: WorkflowInstance
    tasks: list[TaskRow]
    ended: bool
    status: str
    subject: Any = field(repr=False)


class Dossiers:
    """Dossiers of a procedure published for the diagram (a copy of a demo procedure), submitted online."""

    unfinished = N_(
        "Đường chạy thử «{path}» đi hết sơ đồ mà hồ sơ vẫn ở trạng thái {status}: thiếu một phần tử mang hành vi "
        "kết thúc hồ sơ (result_returned, refused_at_reception, refused_after_review, dossier_stopped, "
        "dossier_withdrawn)."
    )
    requests = tuple(REQUESTS.items())

    def __init__(self, runtime: Runtime, session: Session, process_key: str, behaviours: set[str], at: Any) -> None:
        self.runtime = runtime
        entry = next(e for e in read_catalog() if e.data["slug"] == TEMPLATE)
        contributors = CONTRIBUTORS if "contribute" in behaviours else []
        data = dict(entry.data, slug="dry_run", code="0.000000", process_key=process_key, contributors=contributors)
        publish(session, dataclasses.replace(entry, data=data, sha256="dry-run"), at)

    def submit(self) -> str:
        with self.runtime.unit_of_work() as uow:
            applicant = uow.session.scalar(select(User.id).where(User.username == APPLICANT))
        return submit(
            self.runtime,
            self.runtime.unit_of_work(),
            procedure="dry_run",
            receiving_unit=RECEIVING_UNIT,
            channel=Channel.ONLINE,
            actor_id=applicant,
        ).dossier_code

    def state(self, session: Session, code: str) -> State:
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
        instance = session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        tasks = _open(session, TaskRow.dossier_id == dossier.id)
        refused = dossier.status is DossierStatus.RESOLVED and dossier.outcome is Outcome.REFUSED
        ended = dossier.status in ENDED or refused
        return State(code, dossier.version, instance, tasks, ended, dossier.status.name.lower(), dossier)

    def possible(self, kind: str, state: State, waiting: set[str], session: Session) -> bool:
        dossier = state.subject
        if REQUESTS[kind][0] not in waiting or dossier.status in requests.FINAL:
            return False
        if kind == "supplement":
            return dossier.status is DossierStatus.SUPPLEMENT_REQUESTED
        if kind == "apology":
            calendar = self.runtime.calendar(session)
            return (
                dossier.due_at is not None
                and not dossier.apology_count
                and calendar.working_days_between(self.runtime.clock.now(), dossier.due_at) >= 1
            )
        return True

    def request(self, session: Session, state: State, kind: str) -> None:
        dossier = state.subject
        if kind == "supplement":
            actor = _holder(session, "reception_clerk", dossier.receiving_unit_id)
        elif kind == "withdraw":
            actor = dossier.applicant_id
        else:
            actor = _holder(session, "specialist", dossier.resolving_agency_id)
        common = {"dossier_code": state.code, "actor_id": actor, "expected_version": state.version}
        uow = self.runtime.unit_of_work()
        if kind == "supplement":
            requests.supplement(self.runtime, uow, **common, note="Đã bổ sung (chạy thử)")
        elif kind == "withdraw":
            requests.withdraw(self.runtime, uow, **common, reason="Rút hồ sơ (chạy thử)")
        elif kind == "apology":
            new_due = dossier.due_at + timedelta(days=7)
            requests.request_apology(
                self.runtime, uow, **common, reason="Cần thêm thời gian (chạy thử)", new_due=new_due
            )
        else:
            requests.request_stop(self.runtime, uow, **common, reason="Dừng xử lý (chạy thử)")

    def known(self, session: Session, state: State) -> dict[str, Any]:
        """Form answers only the province knows: the leader's PIN, a document of the procedure."""
        documents = [d.id for d in state.subject.procedure_version.documents]
        return {"pin": DEMO_PIN, "missing_documents": documents[:1]}

    def complete(self, row: TaskRow, actor: int, answer: dict[str, Any], version: int) -> None:
        uow = self.runtime.unit_of_work()
        complete_task(self.runtime, uow, task_id=row.id, actor_id=actor, data=answer, expected_version=version)

    def may_work(self, user: User, row: TaskRow) -> bool:
        return may_work(user, row)

    def events(self, session: Session, state: State) -> int:
        return session.scalar(
            select(func.count()).select_from(Event).where(Event.dossier_code == state.code, Event.result != "system")
        )


class Questions:
    """Public questions, asked by a citizen, routed to a demo agency."""

    unfinished = N_(
        "Đường chạy thử «{path}» đi hết sơ đồ mà câu hỏi vẫn ở trạng thái {status}: thiếu một phần tử mang hành vi "
        "kết thúc câu hỏi (answer_sent, answer_published, question_refused, question_out_of_scope)."
    )
    requests: tuple[tuple[str, tuple[str, str]], ...] = ()  # nothing from outside: no possible(), no request()

    def __init__(self, runtime: Runtime, session: Session, process_key: str, behaviours: set[str], at: Any) -> None:
        self.runtime = runtime

    def submit(self) -> str:
        asker = Asker("Nguyễn Văn An", email="an@example.vn")
        body = "Tôi muốn hỏi thủ tục đăng ký khai sinh cho con (chạy thử)."
        return ask(self.runtime, self.runtime.unit_of_work(), asker=asker, title="Câu hỏi chạy thử", body=body).code

    def state(self, session: Session, code: str) -> State:
        question = session.scalar(select(Question).where(Question.code == code))
        instance = session.get(WorkflowInstance, question.instance_id)
        tasks = _open(session, TaskRow.instance_id == instance.id)
        ended = question.closed_at is not None
        return State(code, question.version, instance, tasks, ended, question.status.value, question)

    def known(self, session: Session, state: State) -> dict[str, Any]:
        """The agency and the topic a question is routed to are the province's own."""
        topic = session.scalar(select(QuestionTopic.code).where(QuestionTopic.active).order_by(QuestionTopic.id))
        return {"agency": ANSWERING_AGENCY, "topic": topic, "pin": DEMO_PIN}

    def complete(self, row: TaskRow, actor: int, answer: dict[str, Any], version: int) -> None:
        uow = self.runtime.unit_of_work()
        complete_question_task(self.runtime, uow, task_id=row.id, actor_id=actor, data=answer, expected_version=version)

    def may_work(self, user: User, row: TaskRow) -> bool:
        return may_take(user, row)

    def events(self, session: Session, state: State) -> int:
        return session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.question_id == state.subject.id, Event.result != "system")
        )


def _open(session: Session, whose: Any) -> list[TaskRow]:
    return list(session.scalars(select(TaskRow).where(whose, TaskRow.state == TaskState.OPEN).order_by(TaskRow.id)))


def _holder(session: Session, role: str, agency_id: int) -> int:
    return session.scalar(
        select(RoleAssignment.user_id)
        .where(RoleAssignment.role == role, RoleAssignment.agency_id == agency_id)
        .order_by(RoleAssignment.id)
        .limit(1)
    )


class ContentItems:
    """Portal items, submitted by a demo agency's contributor; ended when published."""

    unfinished = N_(
        "Đường chạy thử «{path}» đi hết sơ đồ mà tin bài vẫn ở trạng thái {status}: thiếu một phần tử mang hành vi "
        "content_published."
    )
    requests: tuple[tuple[str, tuple[str, str]], ...] = ()  # nothing from outside: no possible(), no request()

    def __init__(self, runtime: Runtime, session: Session, process_key: str, behaviours: set[str], at: Any) -> None:
        self.runtime = runtime
        self.contributor = session.scalar(
            select(RoleAssignment.user_id).where(RoleAssignment.role == Role.CONTENT_CONTRIBUTOR).limit(1)
        )

    def submit(self) -> str:
        day = self.runtime.clock.now().astimezone(self.runtime.tz).date().isoformat()
        draft = ItemDraft(content_type="news", title="Tin bài chạy thử", event_on=day)
        return submit_item(self.runtime, self.runtime.unit_of_work(), actor_id=self.contributor, draft=draft).code

    def state(self, session: Session, code: str) -> State:
        item = session.scalar(select(ContentItem).where(ContentItem.code == code))
        instance = session.get(WorkflowInstance, item.instance_id)
        tasks = _open(session, TaskRow.instance_id == instance.id)
        ended = item.status is ContentStatus.PUBLISHED
        return State(code, item.version, instance, tasks, ended, item.status.value, item)

    def known(self, session: Session, state: State) -> dict[str, Any]:
        return {}

    def complete(self, row: TaskRow, actor: int, answer: dict[str, Any], version: int) -> None:
        uow = self.runtime.unit_of_work()
        complete_content_task(self.runtime, uow, task_id=row.id, actor_id=actor, data=answer, expected_version=version)

    def may_work(self, user: User, row: TaskRow) -> bool:
        return may_work(user, row)

    def events(self, session: Session, state: State) -> int:
        return session.scalar(
            select(func.count()).select_from(Event).where(Event.after["content_item"].as_string() == state.code)
        )
