"""A dry run of a dossier diagram (chạy thử): on a throwaway database holding the demo province, dossiers are
taken along every path of the diagram through the real services, with form answers made from each form's
schema. Every path must end with the dossier in a final status, its task rows matching its workflow, and one
event written per step; what goes wrong is said at the element where it did.

The paths are bounded: each outcome of each task's choices (the form fields the diagram's conditions compare)
once and twice on a path, and each request from outside (supplement, withdrawal, apology, stop, the passing of
time) once at each stage where the diagram waits for it.
"""

from __future__ import annotations

import dataclasses
import itertools
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PdfFileWriter
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy import func, select

from engine.catalog.procedures import publish, read_catalog
from engine.db import upgrade
from engine.demo import load_demo_data
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers import requests
from engine.dossiers.submission import submit
from engine.dossiers.tasks import complete_task
from engine.dossiers.timers import fire_due_timers
from engine.errors import N_, DomainError
from engine.models import (
    Channel,
    Dossier,
    DossierStatus,
    Event,
    Outcome,
    RoleAssignment,
    TaskRow,
    TaskState,
    User,
    UserKind,
    WorkflowInstance,
)
from engine.people.permissions import may_work
from engine.runtime import Runtime
from engine.settings import Settings
from engine.workflow import definitions, instances
from engine.workflow.behaviours import behaviour_of
from engine.workflow.checks.expressions import comparisons
from engine.workflow.problems import Problem, Said
from engine.workflow.scripting import DossierScriptEngine
from engine.workflow.serializer import ParsedProcess
from forms.samples import choices, sample
from forms.validation import load_form, validate
from sla.clock import ManualClock

START = datetime.fromisoformat("2026-11-23T09:00:00+07:00")  # a Monday morning
TEMPLATE = "land_transfer_registration"  # the demo procedure a dry-run procedure copies (provincial, a department)
RECEIVING_UNIT = "000.00.01.H99"  # where the demo province receives provincial dossiers
APPLICANT = "nguyenvanan"
CONTRIBUTORS = [  # two demo agencies, each with its own share, for diagrams with a contribute behaviour
    {"agency": "000.00.11.H99", "department": "DKKD", "amount": 2, "unit": "working_days"},
    {"agency": "000.00.50.H99", "department": "PV06", "amount": 1, "unit": "working_days"},
]
FINAL = frozenset(
    {
        DossierStatus.NOT_RECEIVED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
        DossierStatus.RESOLVED,
        DossierStatus.RESULT_RETURNED,
    }
)
ENDED = frozenset(  # a granted dossier ends when its result is returned; a refused one when it is resolved
    {DossierStatus.NOT_RECEIVED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED, DossierStatus.RESULT_RETURNED}
)
MAX_STEPS = 60
MAX_PATHS = 400
REQUESTS = {  # a request from outside, the behaviour of the catch event waiting for it, and its words on a path
    "supplement": ("supplement_received", "bổ sung"),
    "wait": ("", "hết thời hạn chờ"),
    "withdraw": ("withdrawal_requested", "rút hồ sơ"),
    "apology": ("apology_requested", "xin lỗi, hẹn lại"),
    "stop": ("stop_requested", "đề nghị dừng xử lý"),
}


@dataclass(frozen=True)
class Choice:
    """One step of a path: a task completed with chosen values, or a request from outside."""

    kind: str  # "task" or a key of REQUESTS
    element: str = ""
    values: tuple[tuple[str, Any], ...] = ()
    label: str = ""


class PathFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def dry_run(process_key: str, bpmn_xml: str) -> list[Problem]:
    """Every problem the dry run finds along the paths of the diagram."""
    with tempfile.TemporaryDirectory(prefix="motcua-dry-run-") as folder:
        settings = Settings(
            instance_dir=Path(folder), database_url=f"sqlite:///{folder}/dry-run.sqlite3", secret_key="dry-run"
        )
        upgrade(settings.database_url)
        runtime = Runtime.start(settings, ManualClock(START), render_decision=_blank_decision)
        try:
            return DryRun(runtime, process_key, bpmn_xml).explore()
        finally:
            runtime.close()


class DryRun:
    """The throwaway province, the diagram deployed and published as a procedure, and the paths explored."""

    def __init__(self, runtime: Runtime, process_key: str, bpmn_xml: str) -> None:
        self.runtime = runtime
        self.clock: ManualClock = runtime.clock  # type: ignore[assignment]
        with runtime.unit_of_work() as uow:
            load_demo_data(uow.session, START, certificates=runtime.settings)
            definition = definitions.deploy(uow.session, process_key, bpmn_xml, START)
            self.process: ParsedProcess = definitions.parsed(definition)
            entry = next(e for e in read_catalog() if e.data["slug"] == TEMPLATE)
            contributors = CONTRIBUTORS if "contribute" in self._behaviours() else []
            data = dict(entry.data, slug="dry_run", code="0.000000", process_key=process_key, contributors=contributors)
            publish(uow.session, dataclasses.replace(entry, data=data, sha256="dry-run"), START)
            uow.commit()
        self.elements = self.process.diagram.elements
        self.compared = self._compared_fields()

    def _behaviours(self) -> set[str]:
        return {behaviour_of(t) for t in self.process.task_specs()}

    def _compared_fields(self) -> dict[str, set[str]]:
        """{task id or behaviour: the form fields the diagram's conditions compare}: the choices worth trying."""
        compared: dict[str, set[str]] = {}
        for flow in self.process.diagram.flows:
            for comparison in comparisons(flow.condition) if flow.condition else ():
                compared.setdefault(comparison.name, set()).add(comparison.field)
        return compared

    def explore(self) -> list[Problem]:
        covered: set[tuple[Any, ...]] = set()
        queue: list[tuple[Choice, ...]] = [()]
        problems: dict[tuple[str, str], Problem] = {}
        paths = 0
        while queue and paths < MAX_PATHS:
            prefix = queue.pop(0)
            paths += 1
            try:
                self._walk(prefix, covered, queue)
            except PathFailed as failed:
                problems.setdefault((failed.problem.element, failed.problem.message), failed.problem)
        if queue:
            problems[("", "paths")] = Problem(
                N_("Chạy thử dừng sau {paths} đường mà sơ đồ vẫn còn đường chưa đi: hãy chia nhỏ sơ đồ."),
                {"paths": paths},
            )
        return list(problems.values())

    def _walk(self, prefix: tuple[Choice, ...], covered: set[tuple[Any, ...]], queue: list[tuple[Choice, ...]]) -> None:
        """One path: the prefix replayed, then the first choice at each point, the others queued once each."""
        code = self._submit()
        path: list[Choice] = []
        taken: Counter[tuple[Any, ...]] = Counter()
        for depth in range(MAX_STEPS):
            options = self._options(code, taken)
            if not options:
                self._ended(code, path)
                return
            if depth < len(prefix):
                choice = prefix[depth]
                if choice not in options:
                    return  # the replay went another way (it cannot, but a wrong guess costs only this path)
            else:
                choice = options[0]
                for other in options[1:]:
                    key = self._coverage(other, taken, options)
                    if key is not None and key not in covered:
                        covered.add(key)
                        queue.append((*path, other))
                key = self._coverage(choice, taken, options)
                if key is not None:
                    covered.add(key)
            taken[(choice.kind, choice.element, choice.values)] += 1
            path.append(choice)
            self._take(code, choice, path)
        raise PathFailed(
            Problem(
                N_("Đường chạy thử «{path}» chưa kết thúc sau {steps} bước: sơ đồ có vòng lặp không có lối ra."),
                {"path": _said(path), "steps": MAX_STEPS},
            )
        )

    def _coverage(
        self, choice: Choice, taken: Counter[tuple[Any, ...]], options: list[Choice]
    ) -> tuple[Any, ...] | None:
        """What taking this choice here covers: a task's outcome for the first or second time on the path; a
        request at this stage of the diagram (the tasks open, or what it waits for)."""
        if choice.kind == "task":
            times = taken[(choice.kind, choice.element, choice.values)] + 1
            return ("task", choice.element, choice.values, times) if times <= 2 else None
        if taken[(choice.kind, "", ())]:
            return None
        stage = tuple(sorted({o.element for o in options if o.kind == "task"}))
        return (choice.kind, stage)

    def _submit(self) -> str:
        with self.runtime.unit_of_work() as uow:
            applicant = uow.session.scalar(select(User.id).where(User.username == APPLICANT))
        result = submit(
            self.runtime,
            self.runtime.unit_of_work(),
            procedure="dry_run",
            receiving_unit=RECEIVING_UNIT,
            channel=Channel.ONLINE,
            actor_id=applicant,
        )
        return result.dossier_code

    def _options(self, code: str, taken: Counter[tuple[Any, ...]]) -> list[Choice]:
        """What may happen next, the forward choice first: the first open task's outcomes (an outcome taken twice
        on this path last), the supplement awaited, the passing of time, then the other requests."""
        with self.runtime.unit_of_work() as uow:
            dossier, instance, tasks = self._state(uow.session, code)
            workflow = instances.load(instance, self._engine(uow.session))
            waiting = {behaviour_of(t.task_spec) for t in workflow.get_tasks(state=SpiffState.WAITING)}
            options = [c for row in tasks[:1] for c in self._task_choices(row)]
            options.sort(key=lambda c: taken[(c.kind, c.element, c.values)] >= 2)
            for kind, (behaviour, words) in REQUESTS.items():
                if self._possible(kind, behaviour, dossier, instance, waiting, uow.session):
                    options.append(Choice(kind, label=words))
        return options

    def _possible(
        self, kind: str, behaviour: str, dossier: Dossier, instance: WorkflowInstance, waiting: set[str], session: Any
    ) -> bool:
        if kind == "wait":
            return instance.next_timer_at is not None
        if behaviour not in waiting or dossier.status in FINAL:
            return False
        if kind == "supplement":
            return dossier.status is DossierStatus.SUPPLEMENT_REQUESTED
        if kind == "apology":
            calendar = self.runtime.calendar(session)
            return (
                dossier.due_at is not None
                and not dossier.apology_count
                and calendar.working_days_between(self.clock.now(), dossier.due_at) >= 1
            )
        return True

    def _task_choices(self, row: TaskRow) -> Iterator[Choice]:
        form = load_form(row.form)
        fields = sorted(self.compared.get(row.task_name, set()) | self.compared.get(row.behaviour, set()))
        fields = [f for f in fields if choices(form, f)]
        name = self.elements[row.task_name].name if row.task_name in self.elements else ""
        for combination in itertools.product(*(choices(form, f) for f in fields)):
            values = tuple(zip(fields, combination, strict=True))
            label = f"{name or row.task_name}" + (f": {', '.join(str(v) for _, v in values)}" if values else "")
            yield Choice("task", row.task_name, values, label)

    def _take(self, code: str, choice: Choice, path: list[Choice]) -> None:
        """Take one step through the services; refusals, a projection out of step and a missing event fail the path."""
        before = self._events(code)
        try:
            if choice.kind == "task":
                self._complete(code, choice)
            elif choice.kind == "wait":
                self._wait(code)
            else:
                self._request(code, choice.kind)
        except DomainError as error:
            raise PathFailed(self._failed(path, choice.element, N_("bị từ chối"), error)) from error
        except Exception as error:  # whatever SpiffWorkflow stops at is a problem of the diagram, said where it is
            spec = getattr(error, "task_spec", None)
            where = getattr(spec, "bpmn_id", None) or choice.element
            raise PathFailed(self._failed(path, where, N_("dừng vì SpiffWorkflow báo lỗi"), error)) from error
        self._verify(code, path, before)

    def _complete(self, code: str, choice: Choice) -> None:
        with self.runtime.unit_of_work() as uow:
            dossier, _instance, tasks = self._state(uow.session, code)
            row = next(t for t in tasks if t.task_name == choice.element)
            worker = self._worker(uow.session, row)
            version, task_id = dossier.version, row.id
            documents = [d.id for d in dossier.procedure_version.documents]
            form = load_form(row.form)
            today = self.runtime.calendar(uow.session).local(self.clock.now()).date()
            known = {"pin": DEMO_PIN, "missing_documents": documents[:1]}
            answer = sample(form, dict(choice.values), known, today)
            errors = validate(row.form, answer)
        if errors:
            element = self.elements.get(choice.element)
            raise PathFailed(
                Problem(
                    N_("Không tạo được câu trả lời hợp lệ cho biểu mẫu {form}: {errors}"),
                    {"form": row.form, "errors": "; ".join(errors.values())},
                    choice.element,
                    element.name if element else "",
                    element.line if element else None,
                )
            )
        complete_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=task_id,
            actor_id=worker,
            data=answer,
            expected_version=version,
        )

    def _wait(self, code: str) -> None:
        with self.runtime.unit_of_work() as uow:
            _dossier, instance, _tasks = self._state(uow.session, code)
            due = instance.next_timer_at
        self.clock.set(max(self.clock.now(), due + timedelta(minutes=1)))
        fire_due_timers(self.runtime)

    def _request(self, code: str, kind: str) -> None:
        with self.runtime.unit_of_work() as uow:
            dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
            version, due = dossier.version, dossier.due_at
            if kind == "supplement":
                actor = self._holder(uow.session, "reception_clerk", dossier.receiving_unit_id)
            elif kind == "withdraw":
                actor = dossier.applicant_id
            else:
                actor = self._holder(uow.session, "specialist", dossier.resolving_agency_id)
        uow_ = self.runtime.unit_of_work()
        common = {"dossier_code": code, "actor_id": actor, "expected_version": version}
        if kind == "supplement":
            requests.supplement(self.runtime, uow_, **common, note="Đã bổ sung (chạy thử)")
        elif kind == "withdraw":
            requests.withdraw(self.runtime, uow_, **common, reason="Rút hồ sơ (chạy thử)")
        elif kind == "apology":
            requests.request_apology(
                self.runtime, uow_, **common, reason="Cần thêm thời gian (chạy thử)", new_due=due + timedelta(days=7)
            )
        else:
            requests.request_stop(self.runtime, uow_, **common, reason="Dừng xử lý (chạy thử)")

    def _verify(self, code: str, path: list[Choice], events_before: int) -> None:
        """The task rows are the workflow's ready user tasks; the step wrote its one event."""
        with self.runtime.unit_of_work() as uow:
            _dossier, instance, tasks = self._state(uow.session, code)
            workflow = instances.load(instance, self._engine(uow.session))
            ready = {str(t.id) for t in workflow.get_tasks(state=SpiffState.READY, manual=True)}
            rows = {t.task_guid for t in tasks}
        if ready != rows:
            raise PathFailed(
                Problem(
                    N_("Đường chạy thử «{path}»: các bước đang mở trong hộp công việc không khớp với quy trình."),
                    {"path": _said(path)},
                )
            )
        if self._events(code) != events_before + 1:
            raise PathFailed(
                Problem(N_("Đường chạy thử «{path}»: bước cuối không ghi đúng một sự kiện."), {"path": _said(path)})
            )

    def _ended(self, code: str, path: list[Choice]) -> None:
        """Nothing more can happen: the dossier must be in a final status and its workflow complete."""
        with self.runtime.unit_of_work() as uow:
            dossier, instance, _tasks = self._state(uow.session, code)
            workflow = instances.load(instance, self._engine(uow.session))
            waiting = [self._name(t.task_spec.bpmn_id) for t in workflow.get_tasks(state=SpiffState.WAITING)]
            status, outcome, completed = dossier.status, dossier.outcome, instance.completed
        if completed and (status in ENDED or (status is DossierStatus.RESOLVED and outcome is Outcome.REFUSED)):
            return
        if completed:
            message = N_(
                "Đường chạy thử «{path}» đi hết sơ đồ mà hồ sơ vẫn ở trạng thái {status}: thiếu một phần tử mang "
                "hành vi kết thúc hồ sơ (result_returned, refused_at_reception, refused_after_review, "
                "dossier_stopped, dossier_withdrawn)."
            )
        else:
            message = N_(
                "Đường chạy thử «{path}» dừng ở {waiting} với hồ sơ ở trạng thái {status}: không còn bước nào mở "
                "và không có gì hệ thống gửi tới được."
            )
        details = {"path": _said(path), "status": status.name.lower(), "waiting": ", ".join(waiting) or "—"}
        raise PathFailed(Problem(message, details))

    def _failed(self, path: list[Choice], element_id: str, what: str, error: Exception) -> Problem:
        element = self.elements.get(element_id)
        return Problem(
            N_("Đường chạy thử «{path}» {what}: {error}"),
            {"path": _said(path), "what": Said(what), "error": str(error)},
            element_id,
            element.name if element else "",
            element.line if element else None,
        )

    def _state(self, session: Any, code: str) -> tuple[Dossier, WorkflowInstance, list[TaskRow]]:
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
        instance = session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        tasks = list(
            session.scalars(
                select(TaskRow)
                .where(TaskRow.dossier_id == dossier.id, TaskRow.state == TaskState.OPEN)
                .order_by(TaskRow.id)
            )
        )
        return dossier, instance, tasks

    def _events(self, code: str) -> int:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(
                select(func.count()).select_from(Event).where(Event.dossier_code == code, Event.result != "system")
            )

    def _engine(self, session: Any) -> DossierScriptEngine:
        return DossierScriptEngine(self.clock, self.runtime.calendar(session))

    def _worker(self, session: Any, row: TaskRow) -> int:
        candidates = session.scalars(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.role == row.role, RoleAssignment.agency_id == row.agency_id, User.kind == UserKind.STAFF
            )
            .order_by(User.username)
        )
        worker = next((user for user in candidates if may_work(user, row)), None)
        if worker is None:
            element = self.elements.get(row.task_name)
            raise PathFailed(
                Problem(
                    N_("Tỉnh chạy thử không có ai làm được bước này (vai trò {role})."),
                    {"role": row.role.value},
                    row.task_name,
                    element.name if element else "",
                    element.line if element else None,
                )
            )
        return worker.id

    def _holder(self, session: Any, role: str, agency_id: int) -> int:
        return session.scalar(
            select(RoleAssignment.user_id)
            .where(RoleAssignment.role == role, RoleAssignment.agency_id == agency_id)
            .order_by(RoleAssignment.id)
            .limit(1)
        )

    def _name(self, element_id: str) -> str:
        element = self.elements.get(element_id)
        return f"«{element.name}»" if element is not None and element.name else element_id


def _blank_decision(*_: Any) -> bytes:
    """The decision a dry run's leaders sign: one blank page (the dry run proves the diagram, not the template)."""
    writer = PdfFileWriter()
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
                generic.pdf_name("/Resources"): generic.DictionaryObject(),
            }
        )
    )
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _said(path: list[Choice]) -> str:
    return " → ".join(choice.label for choice in path) or "—"
