"""The weekly backup: due once the last one is a week old, newest N kept, every attempt in the backup log."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.models import BackupRecord, BackupStatus
from engine.operations.backups import back_up, scheduled_backup
from engine.settings import BackupSettings


@pytest.fixture
def settings(settings, tmp_path):
    return dataclasses.replace(settings, backup=BackupSettings(folder=str(tmp_path / "weekly"), every_days=7, keep=2))


def _log(runtime) -> list[BackupRecord]:
    with runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(BackupRecord).order_by(BackupRecord.id)))


def test_a_backup_each_week_keeping_the_newest_two(runtime, clock, settings):
    runtime.files.put("Tờ khai đăng ký hộ kinh doanh".encode())
    first = scheduled_backup(runtime)
    assert first is not None and first.status is BackupStatus.OK and first.file_count == 1
    assert Path(first.path).parent == settings.backup_dir
    clock.advance(timedelta(days=6))
    assert scheduled_backup(runtime) is None  # a restarted scheduler does not repeat it
    clock.advance(timedelta(hours=23))  # an hourly check may come just before the week is full
    second = scheduled_backup(runtime)
    clock.advance(timedelta(days=7))
    third = scheduled_backup(runtime)
    assert sorted(path.name for path in settings.backup_dir.iterdir()) == [
        Path(second.path).name,
        Path(third.path).name,
    ]
    log = _log(runtime)
    assert [(r.trigger, r.status) for r in log] == [("scheduled", BackupStatus.OK)] * 3
    assert log[0].removed_at == clock.now() and log[1].removed_at is None and log[2].removed_at is None


def test_a_manual_backup_does_not_move_the_weekly_one(runtime, clock, tmp_path):
    back_up(runtime, tmp_path / "usb")
    assert scheduled_backup(runtime) is not None


def test_a_failed_backup_is_logged_and_tried_again_next_time(runtime, clock, settings):
    settings.backup_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.backup_dir.write_text("not a folder")
    failed = scheduled_backup(runtime)
    assert failed.status is BackupStatus.FAILED and "Cannot create the backup folder" in failed.error
    settings.backup_dir.unlink()
    clock.advance(timedelta(hours=1))
    assert scheduled_backup(runtime).status is BackupStatus.OK
    assert [r.status for r in _log(runtime)] == [BackupStatus.FAILED, BackupStatus.OK]
