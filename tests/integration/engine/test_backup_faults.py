"""A backup that fails (a full disk, a folder it cannot write) is logged and recorded, never a crash; what a killed
backup left behind goes at the next run; two backups never write into one folder at once."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from engine.models import BackupRecord, BackupStatus
from engine.operations.backups import back_up
from webapp.cli import main


@pytest.fixture
def stored(runtime):
    for content in (b"%PDF-1.7 to khai", b"%PDF-1.7 giay chung sinh"):
        runtime.files.put(content)
    return runtime


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills up as the stored files are copied (shutil copies through sendfile on Linux)."""

    def no_space(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "sendfile", no_space)


def _records(runtime) -> list[BackupRecord]:
    with runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(BackupRecord).order_by(BackupRecord.id)))


def test_a_full_disk_is_recorded_and_logged_and_leaves_nothing(stored, full_disk, tmp_path, caplog):
    target = tmp_path / "backups"
    with caplog.at_level(logging.ERROR, logger="engine.operations.backups"):
        record = back_up(stored, target)
    assert record.status is BackupStatus.FAILED
    assert record.error.startswith(f"Writing the backup into {target} failed: ") and "No space left" in record.error
    assert [(r.status, r.error) for r in _records(stored)] == [(BackupStatus.FAILED, record.error)]
    assert "No space left on device" in caplog.text
    assert list(target.iterdir()) == []  # no .partial folder, no half backup


def test_the_command_says_why_and_exits_non_zero(stored, full_disk, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "backups")])
    assert result.exit_code == 1
    assert "Error: Backup failed, nothing was kept" in result.output and "No space left on device" in result.output


def test_an_unforeseen_fault_is_recorded_too(stored, tmp_path, monkeypatch):
    def broken(*_args):
        raise RuntimeError("the dump tool crashed")

    monkeypatch.setattr("engine.operations.snapshot._dump_database", broken)
    record = back_up(stored, tmp_path / "backups")
    assert (record.status, record.error) == (BackupStatus.FAILED, "RuntimeError: the dump tool crashed")
    assert not list((tmp_path / "backups").glob("motcua-*"))


def test_a_killed_backup_s_folder_goes_at_the_next_run(stored, tmp_path):
    target = tmp_path / "backups"
    killed = target / "motcua-20261120T020000Z.partial"
    (killed / "files" / "ab").mkdir(parents=True)
    (killed / "database.sqlite3").write_bytes(b"half a dump")
    record = back_up(stored, target)
    assert record.status is BackupStatus.OK
    assert list(target.iterdir()) == [Path(record.path)]


def test_a_second_backup_into_the_same_folder_waits_its_turn(stored, tmp_path):
    target = tmp_path / "backups"
    target.mkdir()
    running = target / "motcua-20261123T015900Z.partial"  # the other backup's folder, being written
    running.mkdir()
    other = os.open(target, os.O_RDONLY)  # the other backup's hold on the folder
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        record = back_up(stored, target)
    finally:
        os.close(other)
    assert record.status is BackupStatus.FAILED and "Another backup is being written" in record.error
    assert running.is_dir()  # the running backup's folder is not taken for a leftover
