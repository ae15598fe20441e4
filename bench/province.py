"""The demo province driven through the services as the web app drives them, and copies of its dossiers in bulk.

A benchmark that needs many dossiers runs one through the services, keeps its rows at each point of its life
(`Province.life`), and inserts copies of them: real workflow states, tasks and events, moved in time.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from engine.db import upgrade
from engine.demo import load_demo_data
from engine.documents.demo_ca import DEMO_PIN
from engine.documents.marks import Mark
from engine.documents.previews import open_preview
from engine.dossiers.submission import Applicant, submit
from engine.dossiers.tasks import complete_task
from engine.models import STILL_COUNTED, Channel, Dossier, Event, TaskRow, WorkflowInstance
from engine.runtime import Runtime
from engine.settings import Settings
from reports.results import ResultDocuments
from sla.clock import ManualClock

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội
CLERK = "motcua.anhoa"
COMPLETED = "completed"
# (task, login, form) of the one-stop happy path at the An Hòa ward
PATH = [
    ("check_completeness", CLERK, {"decision": "complete"}),
    ("hand_over", CLERK, {}),
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
    ("return_result", CLERK, {"return_method": "counter", "receiver_name": "Trần Thị Bình"}),
]
OPENING_SIGN = "open sign"
MARKING = "mark at signing"  # the number and date drawn at signing, inside the sign step
STRIDE = 32  # ids of a copy's tasks and events: 1,000,000 + its number * STRIDE + the row's place


@dataclass(frozen=True)
class Snapshot:
    """A dossier's rows at one point of its life: the dossier, its workflow instance, its tasks and events."""

    dossier: dict[str, Any]
    instance: dict[str, Any]
    tasks: list[dict[str, Any]]
    events: list[dict[str, Any]]

    @property
    def received_at(self) -> datetime:
        return self.dossier["received_at"]


class TimedRenderer:
    """The result renderer, the seconds of its drawing at signing (`mark`, inside the sign step) counted by `timer`."""

    def __init__(self, renderer: ResultDocuments, timer: Callable[[], float]) -> None:
        self.renderer, self.timer, self.marking = renderer, timer, 0.0

    def preview(self, dossier: Dossier, at: datetime) -> bytes:
        return self.renderer.preview(dossier, at)

    def mark(self, dossier: Dossier, reference: str, at: datetime) -> Mark:
        started = self.timer()
        try:
            return self.renderer.mark(dossier, reference, at)
        finally:
            self.marking += self.timer() - started


class Province:
    """A migrated database with the demo province, and the services driven as the web app drives them; `timer` reads
    the seconds its timings count (wall time, or `time.process_time` for this process's CPU alone)."""

    timer: Callable[[], float] = staticmethod(time.perf_counter)

    def __init__(self, url: str, instance_dir: Path, *, new: bool = True) -> None:
        """The province at `url`: a new one (migrated, then the demo province loaded), or one made before."""
        if new:
            upgrade(url)
        self.clock = ManualClock(START)
        settings = Settings(instance_dir, url, "bench")
        self.renderer = TimedRenderer(ResultDocuments.of(settings), lambda: self.timer())
        self.runtime = Runtime.start(settings, self.clock, render_result=self.renderer)
        with self.runtime.unit_of_work() as uow:
            if new:
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
            actor_id=self.users[CLERK],
            applicant=Applicant("Trần Thị Bình"),
        ).dossier_code

    def lifecycle(
        self, timings: dict[str, list[float]] | None = None, seen: Callable[[str, str], object] = lambda *_: None
    ) -> str:
        """Submit, then every step of PATH; the seconds of each go to `timings` under its name (the sign task's
        opening, which renders the result, under OPENING_SIGN; the drawing of the number and date inside the sign
        step under MARKING too). `seen(code, next_task)` is called after each. Returns the dossier's code."""
        timings = {} if timings is None else timings
        started = self.timer()
        code = self.submitted()
        timings.setdefault("submit", []).append(self.timer() - started)
        for name, login, form in PATH:
            seen(code, name)
            if name == "sign":
                task_id, _version = self.task(code, name)
                started = self.timer()
                open_preview(self.runtime, self.runtime.unit_of_work(), task_id=task_id, actor_id=self.users[login])
                timings.setdefault(OPENING_SIGN, []).append(self.timer() - started)
            marking = self.renderer.marking
            timings.setdefault(name, []).append(self.step(code, name, login, form))
            if self.renderer.marking > marking:
                timings.setdefault(MARKING, []).append(self.renderer.marking - marking)
        seen(code, COMPLETED)
        return code

    def life(self) -> dict[str, Snapshot]:
        """One dossier's rows before each step of PATH, under the name of the task it waits on, and when completed."""
        snapshots: dict[str, Snapshot] = {}
        self.lifecycle(seen=lambda code, point: snapshots.__setitem__(point, self.snapshot(code)))
        return snapshots

    def snapshot(self, code: str) -> Snapshot:
        with self.runtime.engine.connect() as connection:
            dossier = connection.execute(sa.select(Dossier.__table__).where(Dossier.code == code)).mappings().one()

            def rows(table: sa.Table) -> list[dict[str, Any]]:
                query = sa.select(table).where(table.c.dossier_id == dossier["id"]).order_by(table.c.id)
                return [dict(row) for row in connection.execute(query).mappings()]

            (instance,) = rows(WorkflowInstance.__table__)
            return Snapshot(dict(dossier), instance, rows(TaskRow.__table__), rows(Event.__table__))

    def task(self, code: str, name: str) -> tuple[int, int]:
        """The open task of that name and the dossier's version."""
        with self.runtime.unit_of_work() as uow:
            task_id, version = uow.session.execute(
                sa.select(TaskRow.id, Dossier.version)
                .join(Dossier, TaskRow.dossier_id == Dossier.id)
                .where(Dossier.code == code, TaskRow.task_name == name, TaskRow.state == "open")
            ).one()
        return task_id, version

    def step(self, code: str, name: str, login: str, form: dict, before: Callable[[], object] = lambda: None) -> float:
        """Complete the open task `name`; the seconds of the service call alone (the lookup of the task and
        `before` are not counted)."""
        task_id, version = self.task(code, name)
        before()
        started = self.timer()
        complete_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=task_id,
            actor_id=self.users[login],
            data=form,
            expected_version=version,
        )
        return self.timer() - started

    def settle(self) -> None:
        """What a live database does between bulk loads: SQLite checkpoints its WAL, PostgreSQL analyzes."""
        with self.runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if self.runtime.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                connection.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.runtime.close()


def insert_copies(
    connection: sa.Connection,
    snapshot: Snapshot,
    numbers: Iterable[int],
    received: Callable[[int], datetime],
    **dossier_values: Any,
) -> None:
    """Copies of the snapshot's dossier, number n with id 1,000,000 + n, received at `received(n)`: every moment of
    its rows moved by as much, its workflow state as the services wrote it, `dossier_values` over its columns."""
    assert max(len(snapshot.tasks), len(snapshot.events)) <= STRIDE
    dossiers, instances, task_rows, event_rows = [], [], [], []
    for n in numbers:
        shift = received(n) - snapshot.received_at
        key = 1_000_000 + n
        dossiers.append({**_moved(snapshot.dossier, shift), "id": key, "code": f"BENCH-{n:08d}", **dossier_values})
        instances.append({**_moved(snapshot.instance, shift), "id": key, "dossier_id": key})
        task_rows += [
            {
                **_moved(task, shift),
                "id": 1_000_000 + n * STRIDE + k,
                "instance_id": key,
                "dossier_id": key,
                "task_guid": str(uuid.UUID(int=key * 64 + k)),
            }
            for k, task in enumerate(snapshot.tasks)
        ]
        event_rows += [
            {
                **_moved(event, shift),
                "id": 1_000_000 + n * STRIDE + k,
                "dossier_id": key,
                "dossier_code": f"BENCH-{n:08d}",
            }
            for k, event in enumerate(snapshot.events)
        ]
    for table, rows in (
        (Dossier.__table__, dossiers),
        (WorkflowInstance.__table__, instances),
        (TaskRow.__table__, task_rows),
        (Event.__table__, event_rows),
    ):
        if rows:
            connection.execute(table.insert(), rows)


def _moved(row: dict[str, Any], shift: timedelta) -> dict[str, Any]:
    """The row with its moments moved by `shift`; STILL_COUNTED (a running dossier counts for ever) stays."""
    return {
        key: value + shift if isinstance(value, datetime) and value != STILL_COUNTED else value
        for key, value in row.items()
    }
