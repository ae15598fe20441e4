"""Collecting the file store: a file written by a step killed before its commit (no row names it) and a temporary
file of a write cut short go once older than the safety margin; named files and young ones stay; a dry run first."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from click.testing import CliRunner

from engine.models import StoredFile
from engine.operations.storage_collection import SAFETY_MARGIN, collect_storage
from webapp.cli import main

NAMED = b"%PDF-1.7 to khai, committed with its row"
KILLED = b"%PDF-1.7 written by a step killed before its commit"
RUNNING = b"%PDF-1.7 written by a step still running"


def _age(path, now: float, by: timedelta) -> None:
    os.utime(path, (now - by.total_seconds(),) * 2)


@pytest.fixture
def store(runtime, clock):
    """A named file, a killed step's file and a half-written temporary file, all two days old, and a running step's
    file written a minute ago."""
    named = runtime.files.put(NAMED)
    with runtime.unit_of_work() as uow:
        uow.session.add(StoredFile(sha256=named, size=len(NAMED), media_type="application/pdf", created_at=clock.now()))
        uow.commit()
    killed = runtime.files.put(KILLED)
    temporary = runtime.files.path(killed).with_name("tmpk1ll3d")
    temporary.write_bytes(b"%PDF-1.7 half")
    running = runtime.files.put(RUNNING)
    paths = {"named": named, "killed": killed, "running": running, "temporary": temporary}
    _age_all(runtime, paths, clock.now().timestamp())
    return paths


def _age_all(runtime, paths: dict, now: float) -> None:
    for name in ("named", "killed"):
        _age(runtime.files.path(paths[name]), now, timedelta(days=2))
    _age(paths["temporary"], now, timedelta(days=2))
    _age(runtime.files.path(paths["running"]), now, timedelta(minutes=1))


def test_a_dry_run_lists_what_would_go_and_removes_nothing(runtime, store):
    found = collect_storage(runtime, dry_run=True)
    assert found.orphans == [(runtime.files.path(store["killed"]), len(KILLED))]
    assert found.temporaries == [(store["temporary"], len(b"%PDF-1.7 half"))]
    assert found.size == len(KILLED) + len(b"%PDF-1.7 half")
    assert runtime.files.exists(store["killed"]) and store["temporary"].exists()


def test_the_collection_removes_only_old_files_no_row_names(runtime, store, clock):
    collect_storage(runtime, dry_run=False)
    assert not runtime.files.exists(store["killed"]) and not store["temporary"].exists()
    assert runtime.files.read(store["named"]) == NAMED
    assert runtime.files.read(store["running"]) == RUNNING  # younger than the margin: its row may be coming
    clock.advance(SAFETY_MARGIN)
    assert [path for path, _ in collect_storage(runtime, dry_run=True).orphans] == [
        runtime.files.path(store["running"])
    ]


def test_a_file_stored_again_is_young_again(runtime, store, clock):
    """The killed step's content comes again in a new step: its file must survive until that step commits."""
    runtime.files.put(KILLED)  # touched now, on the real clock, later than the test's
    assert runtime.files.path(store["killed"]) not in [path for path, _ in collect_storage(runtime).orphans]


def test_the_command_reports_first_then_collects(runtime, store, settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    _age_all(runtime, store, time.time())  # the command runs on the real clock
    runner = CliRunner()
    dry = runner.invoke(main, ["storage", "collect", "--dry-run"], catch_exceptions=False)
    assert dry.exit_code == 0 and f"no row:     {runtime.files.path(store['killed'])}" in dry.output
    assert "temporary:" in dry.output and "Would remove 2 files" in dry.output
    assert runtime.files.exists(store["killed"])
    done = runner.invoke(main, ["storage", "collect"], catch_exceptions=False)
    assert done.exit_code == 0 and "Removed 2 files" in done.output
    assert not runtime.files.exists(store["killed"]) and runtime.files.exists(store["named"])
