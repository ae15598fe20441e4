"""Benchmark of the engine: full dossier lifecycles per second, and the cost of one step as history grows.

Run `python bench/bench_lifecycle.py` (never collected by pytest). PostgreSQL figures need a server:
MOTCUA_BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres, a role that may create
databases); without one they are skipped with the reason.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState
from throwaway_databases import postgres_database

from engine.db import upgrade
from engine.demo import load_demo_data
from engine.documents.demo_ca import DEMO_PIN
from engine.documents.previews import open_preview
from engine.dossiers.submission import Applicant, submit
from engine.dossiers.tasks import complete_task
from engine.models import Channel, Dossier, Event, TaskRow, WorkflowInstance
from engine.runtime import Runtime
from engine.settings import Settings
from engine.workflow.serializer import WorkflowSerializer
from reports.results import ResultDocuments
from sla.clock import ManualClock
from workflows import DIAGRAMS_DIR

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
# (task, login, form) of the one-stop happy path at the An Hòa ward
PATH = [
    ("check_completeness", "motcua.anhoa", {"decision": "complete"}),
    ("hand_over", "motcua.anhoa", {}),
    (
        "review",
        "chuyenvien.anhoa",
        {
            "proposal": "result",
            "draft_summary": "Đủ điều kiện đăng ký khai sinh",
            "result_child_name": "Lê Minh Khôi",
            "result_child_date_of_birth": "2026-11-20",
            "result_place_of_birth": "Bệnh viện Đa khoa tỉnh Thái An",
            "result_personal_id": "046226001234",
        },
    ),
    ("department_approval", "truongphong.anhoa", {"decision": "approve"}),
    ("sign", "lanhdao.anhoa", {"decision": "sign", "pin": DEMO_PIN}),
    ("return_result", "motcua.anhoa", {"return_method": "counter", "receiver_name": "Trần Thị Bình"}),
]


def bare_lifecycles(count: int, save: Callable[[BpmnWorkflow], object] | None = None) -> float:
    """Lifecycles per second of the same diagram on bare SpiffWorkflow, in memory, parsed once; `save` is called
    with the workflow after each step (the persisted system serializes it there)."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(DIAGRAMS_DIR / "one_stop.bpmn"))
    spec, subprocess_specs = parser.get_spec("one_stop"), parser.get_subprocess_specs("one_stop")
    started = time.perf_counter()
    for _ in range(count):
        workflow = BpmnWorkflow(spec, subprocess_specs)
        workflow.do_engine_steps()
        for name, _login, form in PATH:
            task = next(
                t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == name
            )
            task.data[name] = form
            task.data["handover_due"] = "2099-12-31T17:00:00+07:00"
            task.run()
            workflow.do_engine_steps()
            if save is not None:
                save(workflow)
        assert workflow.is_completed()
    return count / (time.perf_counter() - started)


class Province:
    """A migrated database with the demo province, and the services driven as the web app drives them."""

    def __init__(self, url: str, instance_dir: Path) -> None:
        upgrade(url)
        self.clock = ManualClock(START)
        settings = Settings(instance_dir, url, "bench")
        self.runtime = Runtime.start(settings, self.clock, render_result=ResultDocuments.of(settings))
        with self.runtime.unit_of_work() as uow:
            load_demo_data(uow.session, START, certificates=settings)
            uow.commit()
            self.users = dict(uow.session.execute(sa.text("SELECT username, id FROM users")).all())

    def submitted(self) -> str:
        """A new birth registration at the ward's counter; its code."""
        return submit(
            self.runtime,
            self.runtime.unit_of_work(),
            procedure="birth_registration",
            receiving_unit="000.01.10.H99",
            channel=Channel.COUNTER,
            actor_id=self.users["motcua.anhoa"],
            applicant=Applicant("Trần Thị Bình"),
        ).dossier_code

    def lifecycle(self, timings: dict[str, list[float]]) -> None:
        """Submit, then every step of PATH; the seconds of each go to `timings` under its name (the sign task's
        opening, which renders the result, under "open sign")."""
        started = time.perf_counter()
        code = self.submitted()
        timings.setdefault("submit", []).append(time.perf_counter() - started)
        for name, login, form in PATH:
            if name == "sign":
                started = time.perf_counter()
                open_preview(
                    self.runtime,
                    self.runtime.unit_of_work(),
                    task_id=self.task(code, name)[0],
                    actor_id=self.users[login],
                )
                timings.setdefault("open sign", []).append(time.perf_counter() - started)
            started = time.perf_counter()
            self.step(code, name, login, form)
            timings.setdefault(name, []).append(time.perf_counter() - started)

    def task(self, code: str, name: str) -> tuple[int, int]:
        """The open task of that name and the dossier's version."""
        with self.runtime.unit_of_work() as uow:
            task_id, version = uow.session.execute(
                sa.select(TaskRow.id, Dossier.version)
                .join(Dossier, TaskRow.dossier_id == Dossier.id)
                .where(Dossier.code == code, TaskRow.task_name == name, TaskRow.state == "open")
            ).one()
        return task_id, version

    def step(self, code: str, name: str, login: str, form: dict) -> None:
        task_id, version = self.task(code, name)
        complete_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=task_id,
            actor_id=self.users[login],
            data=form,
            expected_version=version,
        )

    def lifecycles_per_second(self, count: int) -> tuple[float, dict[str, float]]:
        """The rate of full lifecycles, and the median milliseconds of each of their steps."""
        self.lifecycle({})  # warm the caches (parsed spec, calendar tables, templates)
        timings: dict[str, list[float]] = {}
        started = time.perf_counter()
        for _ in range(count):
            self.lifecycle(timings)
        rate = count / (time.perf_counter() - started)
        return rate, {name: sorted(seconds)[len(seconds) // 2] * 1000 for name, seconds in timings.items()}

    def grow_history(self, total: int) -> None:
        """Finished dossiers with their workflow rows, closed tasks and events, inserted in bulk."""
        with self.runtime.engine.begin() as connection:
            existing = connection.scalar(sa.select(sa.func.count()).select_from(Dossier))
            template = connection.execute(sa.select(Dossier.__table__).limit(1)).mappings().one()
            instance = connection.execute(sa.select(WorkflowInstance.__table__).limit(1)).mappings().one()
            task = connection.execute(sa.select(TaskRow.__table__).limit(1)).mappings().one()
            for first in range(existing, total, 10_000):
                batch = range(first, min(first + 10_000, total))
                moment = {n: START - timedelta(minutes=n) for n in batch}
                connection.execute(
                    Dossier.__table__.insert(),
                    [
                        {
                            **template,
                            "id": 1_000_000 + n,
                            "code": f"000.01.10.H99-{n // 10_000:06d}-{n % 10_000:04d}",
                            "status": 10,
                            "submitted_at": moment[n],
                            "received_at": moment[n],
                            "updated_at": moment[n],
                        }
                        for n in batch
                    ],
                )
                connection.execute(
                    WorkflowInstance.__table__.insert(),
                    [
                        {
                            **instance,
                            "id": 1_000_000 + n,
                            "dossier_id": 1_000_000 + n,
                            "completed": True,
                            "next_timer_at": None,
                            "state": "{}",
                        }
                        for n in batch
                    ],
                )
                connection.execute(
                    TaskRow.__table__.insert(),
                    [
                        {
                            **task,
                            "id": 1_000_000 + n * 6 + k,
                            "instance_id": 1_000_000 + n,
                            "dossier_id": 1_000_000 + n,
                            "task_guid": str(uuid.uuid4()),
                            "state": "done",
                        }
                        for n in batch
                        for k in range(6)
                    ],
                )
                connection.execute(
                    Event.__table__.insert(),
                    [
                        {
                            "at": moment[n],
                            "action": "task_completed",
                            "dossier_id": 1_000_000 + n,
                            "dossier_code": "",
                            "actor_name": "",
                            "actor_role": "",
                            "from_step": "",
                            "to_step": "",
                            "result": "",
                            "reason": "",
                        }
                        for n in batch
                        for _k in range(8)
                    ],
                )
        self.settle()

    def settle(self) -> None:
        """What a live database does between bulk loads: SQLite checkpoints its WAL, PostgreSQL analyzes."""
        with self.runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if self.runtime.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                connection.exec_driver_sql("ANALYZE")

    def step_seconds(self) -> float:
        """Seconds of one step: completing the reception check of a fresh dossier."""
        code = self.submitted()
        started = time.perf_counter()
        self.step(code, *PATH[0])
        return time.perf_counter() - started

    def close(self) -> None:
        self.runtime.close()


def interleaved_medians(small: Province, large: Province, samples: int) -> tuple[float, float]:
    """Median seconds of one step on each province, the two measured in turn so that both meet the same moments
    of the machine (its disk flushing, other processes); after a warm-up of each."""
    for _ in range(5):
        small.step_seconds(), large.step_seconds()
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(samples):
        timings[0].append(small.step_seconds())
        timings[1].append(large.step_seconds())
    return sorted(timings[0])[samples // 2], sorted(timings[1])[samples // 2]


def run(label: str, urls: tuple[str, str], instance_dir: Path, bare: float) -> None:
    """Lifecycles on the first database; then one step with 10,000 dossiers there and 200,000 in the second."""
    small, large = Province(urls[0], instance_dir / "small"), Province(urls[1], instance_dir / "large")
    try:
        rate, steps = small.lifecycles_per_second(30)
        print(f"{label}: {rate:.1f} lifecycles/s through the services; {rate / bare:.2f} of the bare engine's rate")
        print(f"{label}: median ms per step: " + ", ".join(f"{name} {ms:.1f}" for name, ms in steps.items()))
        large.lifecycle({})  # the rows the bulk load copies
        small.grow_history(10_000)
        large.grow_history(200_000)
        few, many = interleaved_medians(small, large, 100)
        print(
            f"{label}: one step {few * 1000:.1f} ms with 10,000 dossiers stored, {many * 1000:.1f} ms with "
            f"200,000; ratio {many / few:.2f}"
        )
    finally:
        small.close()
        large.close()


def main() -> None:
    bare = bare_lifecycles(300)
    print(f"bare SpiffWorkflow in memory: {bare:.1f} lifecycles/s (same diagram, same steps)")
    serialized = bare_lifecycles(300, save=WorkflowSerializer().dumps)
    print(
        f"bare SpiffWorkflow, its state serialized after every step, no database: {serialized:.1f} lifecycles/s; "
        f"{serialized / bare:.2f} of the bare rate, the ceiling of any system that saves the state at each step"
    )
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", (f"sqlite:///{folder}/small.sqlite3", f"sqlite:///{folder}/large.sqlite3"), Path(folder), bare)
        with postgres_database() as first, postgres_database() as second:
            if first is not None and second is not None:
                run("PostgreSQL", (first, second), Path(folder), bare)


if __name__ == "__main__":
    main()
