"""A dry run of a diagram (chạy thử): on a throwaway database holding the demo province, dossiers (or public
questions, for the question diagram) are taken along every path of the diagram through the real services, with form
answers made from each form's schema. Every path must end with its subject finished, its task rows matching its
workflow, and one event written per step; what goes wrong is said at the element where it did.

The paths are bounded: each outcome of each task's choices (the form fields the diagram's conditions compare)
once and twice on a path, and each request from outside (supplement, withdrawal, apology, stop, the passing of
time) once at each stage where the diagram waits for it.
"""

from __future__ import annotations

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
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.dry_run_subjects import ContentItems, Dossiers, Questions
from engine.db import upgrade
from engine.demo import load_demo_data
from engine.documents.marks import Mark
from engine.documents.previews import open_preview
from engine.dossiers.task_forms import task_form
from engine.dossiers.timers import fire_due_timers
from engine.errors import N_, DomainError
from engine.models import Dossier, RoleAssignment, TaskRow, User, UserKind
from engine.runtime import Runtime
from engine.settings import Settings
from engine.workflow import definitions, instances
from engine.workflow.behaviours import Subject, behaviour_of, subject_of
from engine.workflow.checks.expressions import comparisons
from engine.workflow.problems import Problem, Said
from engine.workflow.scripting import DossierScriptEngine, ScriptStopped
from engine.workflow.serializer import ParsedProcess
from forms.samples import choices, sample
from forms.validation import load_form, validate_against
from sla.clock import ManualClock

START = datetime.fromisoformat("2026-11-23T09:00:00+07:00")  # a Monday morning
MAX_STEPS = 60
MAX_PATHS = 400
WAIT = "wait"  # the passing of time, up to the diagram's next timer


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
        runtime = Runtime.start(settings, ManualClock(START), render_result=BlankResult())
        try:
            return DryRun(runtime, process_key, bpmn_xml).explore()
        finally:
            runtime.close()


class DryRun:
    """The throwaway province, the diagram deployed (and published as a procedure), and its paths explored."""

    def __init__(self, runtime: Runtime, process_key: str, bpmn_xml: str) -> None:
        self.runtime = runtime
        self.clock: ManualClock = runtime.clock  # type: ignore[assignment]
        with runtime.unit_of_work() as uow:
            load_demo_data(uow.session, START, certificates=runtime.settings)
            definition = definitions.deploy(uow.session, process_key, bpmn_xml, START)
            self.process: ParsedProcess = definitions.parsed(definition)
            kind = {Subject.QUESTION: Questions, Subject.CONTENT: ContentItems}.get(subject_of(process_key), Dossiers)
            behaviours = {behaviour_of(t) for t in self.process.task_specs()}
            self.subjects = kind(runtime, uow.session, process_key, behaviours, START)
            uow.commit()
        self.elements = self.process.diagram.elements
        self.compared = self._compared_fields()

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
        code = self.subjects.submit()
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

    def _options(self, code: str, taken: Counter[tuple[Any, ...]]) -> list[Choice]:
        """What may happen next, the forward choice first: the first open task's outcomes (an outcome taken twice
        on this path last), the supplement awaited, the passing of time, then the other requests from outside."""
        with self.runtime.unit_of_work() as uow:
            state = self.subjects.state(uow.session, code)
            workflow = instances.load(state.instance, self._engine(uow.session))
            waiting = {behaviour_of(t.task_spec) for t in workflow.get_tasks(state=SpiffState.WAITING)}
            options = [c for row in state.tasks[:1] for c in self._task_choices(row)]
            options.sort(key=lambda c: taken[(c.kind, c.element, c.values)] >= 2)
            outside = [
                Choice(kind, label=words)
                for kind, (_behaviour, words) in self.subjects.requests
                if self.subjects.possible(kind, state, waiting, uow.session)
            ]
            awaited = [c for c in outside if c.kind == "supplement"]
            timer = [Choice(WAIT, label="hết thời hạn chờ")] if state.instance.next_timer_at is not None else []
            options += awaited + timer + [c for c in outside if c not in awaited]
        return options

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
            elif choice.kind == WAIT:
                self._wait(code)
            else:
                with self.runtime.unit_of_work() as uow:
                    state = self.subjects.state(uow.session, code)
                    self.subjects.request(uow.session, state, choice.kind)
        except ScriptStopped as stopped:
            raise PathFailed(self._failed(path, stopped.problem.element, N_("bị từ chối"), stopped)) from stopped
        except DomainError as error:
            raise PathFailed(self._failed(path, choice.element, N_("bị từ chối"), error)) from error
        except Exception as error:  # whatever SpiffWorkflow stops at is a problem of the diagram, said where it is
            spec = getattr(error, "task_spec", None)
            where = getattr(spec, "bpmn_id", None) or choice.element
            raise PathFailed(self._failed(path, where, N_("dừng vì SpiffWorkflow báo lỗi"), error)) from error
        self._verify(code, path, before)

    def _complete(self, code: str, choice: Choice) -> None:
        with self.runtime.unit_of_work() as uow:
            state = self.subjects.state(uow.session, code)
            row = next(t for t in state.tasks if t.task_name == choice.element)
            worker = self._worker(uow.session, row)
            dossier = uow.session.get(Dossier, row.dossier_id) if row.dossier_id else None
            form = task_form(row, dossier.procedure_version if dossier else None)
            today = self.runtime.calendar(uow.session).local(self.clock.now()).date()
            answer = sample(form, dict(choice.values), self.subjects.known(uow.session, state), today)
            errors = validate_against(form, answer)
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
        open_preview(self.runtime, self.runtime.unit_of_work(), task_id=row.id, actor_id=worker)
        self.subjects.complete(row, worker, answer, state.version)

    def _wait(self, code: str) -> None:
        with self.runtime.unit_of_work() as uow:
            due = self.subjects.state(uow.session, code).instance.next_timer_at
        self.clock.set(max(self.clock.now(), due + timedelta(minutes=1)))
        fire_due_timers(self.runtime)

    def _verify(self, code: str, path: list[Choice], events_before: int) -> None:
        """The task rows are the workflow's ready user tasks; the step wrote its one event."""
        with self.runtime.unit_of_work() as uow:
            state = self.subjects.state(uow.session, code)
            workflow = instances.load(state.instance, self._engine(uow.session))
            ready = {str(t.id) for t in workflow.get_tasks(state=SpiffState.READY, manual=True)}
            rows = {t.task_guid for t in state.tasks}
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
        """Nothing more can happen: the subject must be finished and its workflow complete."""
        with self.runtime.unit_of_work() as uow:
            state = self.subjects.state(uow.session, code)
            workflow = instances.load(state.instance, self._engine(uow.session))
            waiting = [self._name(t.task_spec.bpmn_id) for t in workflow.get_tasks(state=SpiffState.WAITING)]
            completed = state.instance.completed
        if completed and state.ended:
            return
        message = (
            self.subjects.unfinished
            if completed
            else N_(
                "Đường chạy thử «{path}» dừng ở {waiting} ở trạng thái {status}: không còn bước nào mở và không có gì "
                "hệ thống gửi tới được."
            )
        )
        details = {"path": _said(path), "status": state.status, "waiting": ", ".join(waiting) or "—"}
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

    def _events(self, code: str) -> int:
        with self.runtime.unit_of_work() as uow:
            return self.subjects.events(uow.session, self.subjects.state(uow.session, code))

    def _engine(self, session: Session) -> DossierScriptEngine:
        return DossierScriptEngine(self.clock, self.runtime.calendar(session))

    def _worker(self, session: Session, row: TaskRow) -> int:
        candidates = session.scalars(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.agency_id == row.agency_id, User.kind == UserKind.STAFF)
            .order_by(User.username)
        )
        worker = next((user for user in candidates if self.subjects.may_work(user, row)), None)
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

    def _name(self, element_id: str) -> str:
        element = self.elements.get(element_id)
        return f"«{element.name}»" if element is not None and element.name else element_id


class BlankResult:
    """The result a dry run's leaders sign: blank pages (the dry run proves the diagram, not the template)."""

    def preview(self, *_: Any) -> bytes:
        return _blank_page()

    def mark(self, *_: Any) -> Mark:
        return Mark(lines=(), size=13, families=("serif",))


def _blank_page() -> bytes:
    writer = PdfFileWriter()
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
                generic.pdf_name("/Resources"): generic.DictionaryObject(),
                generic.pdf_name("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"")),
            }
        )
    )
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _said(path: list[Choice]) -> str:
    return " → ".join(choice.label for choice in path) or "—"
