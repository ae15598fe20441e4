"""`motcua scheduler` stopped by SIGTERM (systemd, docker stop) gives its lease up at once and exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.models import SchedulerLease
from engine.operations.lease import Lease
from engine.runtime import Runtime

DEADLINE = 60.0  # seconds: start-up imports, the catch-up run of every job (a backup among them)
POLL = 0.1


@pytest.fixture
def standby(settings) -> Iterator[Runtime]:
    """Another process's view of the same database, on the real clock the scheduler process uses."""
    rt = Runtime.start(settings)
    yield rt
    rt.close()


def _until(condition: Callable[[], object], what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert process.poll() is None or what == "exit", f"the scheduler died: {log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, f"no {what} within {DEADLINE} s: {log.read_text()[-2000:]}"
        time.sleep(POLL)


def _holder(runtime: Runtime) -> str | None:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(SchedulerLease.holder))


def test_sigterm_releases_the_lease_and_exits_0(settings, standby, tmp_path):
    log = tmp_path / "scheduler.log"
    env = dict(os.environ, MOTCUA_INSTANCE_DIR=str(settings.instance_dir), MOTCUA_DATABASE_URL=settings.database_url)
    motcua = Path(sys.executable).with_name("motcua")
    with log.open("wb") as output:
        process = subprocess.Popen([motcua, "scheduler"], env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _until(lambda: f":{process.pid}:" in (_holder(standby) or ""), "lease", process, log)
        assert not Lease(standby, holder="standby").hold()  # the running scheduler holds it
        process.send_signal(signal.SIGTERM)
        _until(lambda: process.poll() is not None, "exit", process, log)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, log.read_text()[-2000:]
    assert "released" in log.read_text()
    assert Lease(standby, holder="standby").hold()  # taken over now, not a lease time later
