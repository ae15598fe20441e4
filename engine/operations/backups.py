"""Backups with a log: on demand (`motcua backup`) and weekly from the scheduler, keeping the newest few."""

from __future__ import annotations

import hashlib
import logging
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from engine.models import BackupRecord, BackupStatus
from engine.operations.snapshot import MANIFEST, BackupError, verify_backup, write_backup
from engine.runtime import Runtime

log = logging.getLogger(__name__)

SCHEDULED = "scheduled"
MANUAL = "manual"
EARLY = timedelta(hours=1)
"""A scheduled backup may come this much before the interval is up, so an hourly check never slips a week."""


def back_up(runtime: Runtime, folder: Path | None = None, *, trigger: str = MANUAL) -> BackupRecord:
    """Write a backup and log it, whether it succeeded or failed (a full disk, a dump that failed, anything else);
    the record says which, and why."""
    target = folder or runtime.settings.backup_dir
    started = runtime.clock.now()
    record = BackupRecord(started_at=started, trigger=trigger, database=runtime.engine.dialect.name)
    try:
        key = runtime.settings.backup_key
        path = write_backup(runtime.engine, runtime.files.root, target, started, key)
        manifest = verify_backup(path, key)
    except BackupError as error:
        log.error("backup into %s failed: %s", target, error)
        record.status, record.error = BackupStatus.FAILED, str(error)
    except Exception as error:  # a fault nobody foresaw is still logged, with its traceback, and recorded
        log.exception("backup into %s failed", target)
        record.status, record.error = BackupStatus.FAILED, f"{type(error).__name__}: {error}"
    else:
        record.status, record.path = BackupStatus.OK, str(path)
        record.size_bytes, record.file_count = manifest.size, manifest.file_count
        record.manifest_sha256 = hashlib.sha256((path / MANIFEST).read_bytes()).hexdigest()
    record.finished_at = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        uow.session.add(record)
        uow.commit()
    return record


def scheduled_backup(runtime: Runtime) -> BackupRecord | None:
    """Back up when the last scheduled backup is a backup interval old (or there is none), then apply retention."""
    backups = runtime.settings.backup
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        last = uow.session.scalar(
            select(func.max(BackupRecord.started_at)).where(
                BackupRecord.trigger == SCHEDULED, BackupRecord.status == BackupStatus.OK
            )
        )
    if last is not None and now - last < timedelta(days=backups.every_days) - EARLY:
        return None
    record = back_up(runtime, trigger=SCHEDULED)
    if record.status == BackupStatus.OK:
        prune_backups(runtime, runtime.settings.backup_dir, backups.keep)
    return record


def prune_backups(runtime: Runtime, folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups in the folder (folder names sort by time) and log the removals."""
    complete = sorted((path for path in folder.glob("motcua-*Z") if (path / MANIFEST).is_file()), reverse=True)
    removed = complete[max(keep, 1) :]
    for path in removed:
        shutil.rmtree(path)
        log.info("backup %s removed by retention (keep %d)", path, keep)
    if removed:
        with runtime.unit_of_work() as uow:
            uow.session.execute(
                update(BackupRecord)
                .where(BackupRecord.path.in_([str(path) for path in removed]), BackupRecord.removed_at.is_(None))
                .values(removed_at=runtime.clock.now())
            )
            uow.commit()
    return removed
