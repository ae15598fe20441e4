"""Scale-out on one PostgreSQL: two `motcua web` servers with preforked workers and two `motcua scheduler` processes,
under a bounded load of clerks handing dossiers over through either server while the schedulers' lease holder fires
the late-handover timers, runs the SLA pass and delivers the outbox: no server error, no notice queued twice, every
dossier consistent."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.inbox_load import Client
from engine.dossiers.sla_states import refresh_sla_states
from engine.models import Dossier, DossierStatus, JobOutcome, JobRun, OutboxMessage, SlaState, TaskRow, TaskState
from engine.runtime import Runtime
from tests.conftest import fresh_database

DOSSIERS = 16
CLIENTS = 4
CLERK = "motcua.anhoa"
DEADLINE = 50.0  # seconds for processes to start, the load and the schedulers' first runs together
MOTCUA = Path(sys.executable).with_name("motcua")
FIRST_RUNS = ("fire_due_timers", "refresh_sla_states", "deliver_outbox")


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """PostgreSQL only: a province scales out on one PostgreSQL server, not on one SQLite file."""
    yield from fresh_database(request, tmp_path, request.param)


def _until(condition: Callable[[], object], what: str, processes: list[subprocess.Popen], logs: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        died = [process.args for process in processes if process.poll() is not None]
        assert not died, f"{died} stopped: {_tail(logs)}"
        assert time.monotonic() < deadline, f"no {what} within {DEADLINE} s: {_tail(logs)}"
        time.sleep(0.1)


def _tail(logs: Path) -> str:
    return "\n".join(f"{log.name}: {log.read_text()[-1500:]}" for log in sorted(logs.glob("*.log")))


def _listening(logs: Path) -> list[int]:
    """The ports the web servers bound, as gunicorn reports them once it listens (each was given port 0, so the
    kernel picked a free one: no port is probed free and then taken by another process in between)."""
    ports = []
    for log in sorted(logs.glob("*-web.log")):
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            ports.append(int(found.group(1)))
    return ports


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def received(desk) -> list[str]:
    """Dossiers received on Monday 23/11/2026 09:00: their handover was due at 14:30, long past by the real clock."""
    codes = [desk.submit() for _ in range(DOSSIERS)]
    for code in codes:
        desk.complete(code, "check_completeness", CLERK, decision="complete")
    return codes


@pytest.fixture
def processes(settings, tmp_path, received) -> Iterator[tuple[list[int], list[subprocess.Popen], Path]]:
    """Two web servers (two workers each) and two schedulers on the test's database; stopped by SIGTERM after."""
    logs = tmp_path / "logs"
    logs.mkdir()
    env = dict(
        os.environ,
        MOTCUA_INSTANCE_DIR=str(settings.instance_dir),
        MOTCUA_DATABASE_URL=settings.database_url,
        MOTCUA_SECRET_KEY="scale-out-secret",  # shared, as behind one reverse proxy
        MOTCUA_ENV="development",
    )
    commands = [[MOTCUA, "web", "--port", "0", "--workers", "2"] for _ in range(2)]
    commands += [[MOTCUA, "scheduler"], [MOTCUA, "scheduler"]]
    started = []
    for n, command in enumerate(commands):
        with (logs / f"{n}-{command[1]}.log").open("wb") as output:
            started.append(subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT))
    try:
        _until(lambda: len(_listening(logs)) == 2, "web servers listening", started, logs)
        ports = _listening(logs)
        _until(lambda: all(_answers(port) for port in ports), "web servers", started, logs)
        yield ports, started, logs
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _hand_over(ports: list[int], cookies: dict[str, str], task_id: int, statuses: list[int]) -> None:
    """Open the task page on one server and post the handover on the other, again on a version conflict."""
    for attempt in range(5):
        page_client = Client(ports[attempt % 2], cookies)
        post_client = Client(ports[(attempt + 1) % 2], cookies)
        try:
            status, page = page_client.request("GET", f"/staff/tasks/{task_id}")
            statuses.append(status)
            version = re.search(r'name="version" value="(\d+)"', page)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            if version is None or token is None:
                return  # no handover form: the task is no longer open
            form = {"csrf_token": token.group(1), "version": version.group(1)}
            handed_over, _page = post_client.request("POST", f"/staff/tasks/{task_id}", form)
            statuses.append(handed_over)
            status, _inbox = post_client.request("GET", "/staff/tasks")
            statuses.append(status)
        finally:
            page_client.close()
            post_client.close()
        if handed_over == 303:  # this request's answer: `statuses` is shared with the other clients' threads
            return


def _hand_over_all(ports: list[int], cookies: dict[str, str], tasks: list[int], statuses: list[int]) -> None:
    for task_id in tasks:
        _hand_over(ports, cookies, task_id, statuses)


def _without_version(key: str) -> tuple[str, ...]:
    parts = key.split(":")
    return (*parts[:2], *parts[3:]) if len(parts) >= 4 else tuple(parts)


def _first_runs_done(runtime: Runtime) -> bool:
    with runtime.unit_of_work() as uow:
        done = uow.session.scalars(
            select(JobRun.job).where(JobRun.job.in_(FIRST_RUNS), JobRun.finished_at.is_not(None))
        ).all()
    return set(done) == set(FIRST_RUNS)


def test_two_servers_and_two_schedulers_share_one_database_without_error_or_duplicate(
    desk, settings, received, processes
):
    ports, started, logs = processes
    codes = received
    tasks = [desk.task(code, "hand_over").id for code in codes]
    signed_in = Client(ports[0])
    signed_in.sign_in(CLERK)
    signed_in.close()

    statuses: list[int] = []
    clients = [
        threading.Thread(target=_hand_over_all, args=(ports, signed_in.cookies, tasks[n::CLIENTS], statuses))
        for n in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    observer = Runtime.start(settings)  # the real clock, as the processes have
    try:
        _until(lambda: _first_runs_done(observer), "first runs of the scheduler's jobs", started, logs)
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            assert process.wait(timeout=30) == 0, _tail(logs)

        assert statuses and not [status for status in statuses if status >= 500], _tail(logs)
        with observer.unit_of_work() as uow:
            session = uow.session
            runs = session.execute(select(JobRun.holder, JobRun.outcome)).all()
            assert len({holder for holder, _outcome in runs}) == 1  # one lease holder ran every job
            assert {outcome for _holder, outcome in runs} == {JobOutcome.OK}
            keys = session.scalars(select(OutboxMessage.dedup_key)).all()
            # A dossier's notice is one kind, dossier and recipient, whatever version of the dossier queued it
            # (`kind:code:version:recipient`); other keys (a leader's daily digest) are unique as they are.
            queued = Counter(_without_version(key) for key in keys)
            assert queued and max(queued.values()) == 1, [key for key, count in queued.items() if count > 1]
            dossiers = session.scalars(select(Dossier).where(Dossier.code.in_(codes))).all()
            now = observer.clock.now()
            for dossier in dossiers:
                open_tasks = session.scalars(
                    select(TaskRow.task_name).where(TaskRow.dossier_id == dossier.id, TaskRow.state == TaskState.OPEN)
                ).all()
                assert (dossier.status, dossier.handed_over_at is not None, open_tasks) == (
                    DossierStatus.PROCESSING,
                    True,
                    ["review"],
                ), dossier.code
                # Flagged by the timer or the pass, or left due for the next pass: never forgotten.
                assert dossier.late_handover or dossier.sla_check_at <= now, dossier.code
                assert dossier.sla_state is SlaState.OVERDUE or dossier.sla_check_at <= now, dossier.code
        refresh_sla_states(observer)
        with observer.unit_of_work() as uow:
            flags = uow.session.execute(
                select(Dossier.late_handover, Dossier.sla_state).where(Dossier.code.in_(codes))
            ).all()
        assert set(flags) == {(True, SlaState.OVERDUE)}
    finally:
        observer.close()
