"""The installation's figures for /metrics and the operations page, each read with an indexed query or a statvfs:
notices waiting or failed, the last good backup, dossiers due today or overdue, each job's last run, disk free."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Connection, func, select

from engine.dossiers.sla_states import running_dossiers
from engine.models import BackupRecord, BackupStatus, Dossier, JobOutcome, JobRun, OutboxMessage, OutboxState
from engine.operations.health import oldest_unsent
from engine.runtime import Runtime

WAITING = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.FAILED)


@dataclass(frozen=True)
class JobFigures:
    job: str
    last_started: datetime
    last_outcome: JobOutcome
    last_ok: datetime | None


@dataclass(frozen=True)
class Disk:
    name: str  # "storage" or "backups"
    path: Path
    free: int
    total: int


@dataclass(frozen=True)
class Figures:
    at: datetime
    outbox: dict[str, int]  # messages by state, sent ones left out
    oldest_unsent: datetime | None
    last_backup: datetime | None  # when the last successful backup finished
    dossiers_due_today: int
    dossiers_overdue: int
    jobs: list[JobFigures]


def figures(runtime: Runtime, connection: Connection) -> Figures:
    """The figures as the database has them now."""
    now = runtime.clock.now()
    outbox = dict.fromkeys((state.value for state in WAITING), 0)
    for state, count in connection.execute(
        select(OutboxMessage.state, func.count()).where(OutboxMessage.state.in_(WAITING)).group_by(OutboxMessage.state)
    ):
        outbox[OutboxState(state).value] = count
    last_backup = connection.scalar(
        select(func.max(BackupRecord.finished_at)).where(BackupRecord.status == BackupStatus.OK)
    )
    local_midnight = datetime.combine(now.astimezone(runtime.tz).date(), time(), runtime.tz)
    due_today = connection.scalar(
        select(func.count())
        .select_from(Dossier)
        .where(
            running_dossiers(), Dossier.due_at >= local_midnight, Dossier.due_at < local_midnight + timedelta(days=1)
        )
    )
    overdue = connection.scalar(
        select(func.count()).select_from(Dossier).where(running_dossiers(), Dossier.due_at < now)
    )
    return Figures(now, outbox, oldest_unsent(connection, runtime), last_backup, due_today, overdue, _jobs(connection))


def _jobs(connection: Connection) -> list[JobFigures]:
    """Each job's last run and last success, by job name."""
    last = select(JobRun.job, func.max(JobRun.started_at).label("started")).group_by(JobRun.job).subquery()
    ok = (
        select(JobRun.job, func.max(JobRun.started_at).label("started"))
        .where(JobRun.outcome == JobOutcome.OK)
        .group_by(JobRun.job)
        .subquery()
    )
    rows = connection.execute(
        select(JobRun.job, JobRun.started_at, JobRun.outcome, ok.c.started)
        .join(last, (last.c.job == JobRun.job) & (last.c.started == JobRun.started_at))
        .outerjoin(ok, ok.c.job == JobRun.job)
        .order_by(JobRun.job, JobRun.id.desc())
    )
    jobs: dict[str, JobFigures] = {}
    for job, started, outcome, last_ok in rows:
        jobs.setdefault(job, JobFigures(job, started, JobOutcome(outcome), last_ok))
    return list(jobs.values())


def disks(runtime: Runtime) -> list[Disk]:
    """Free and total bytes on the file systems of the file store and of the backups (their nearest existing folder)."""
    found = []
    for name, path in (("storage", runtime.files.root), ("backups", runtime.settings.backup_dir)):
        existing = next((folder for folder in (path, *path.parents) if folder.exists()), None)
        if existing is not None:
            usage = shutil.disk_usage(existing)
            found.append(Disk(name, path, usage.free, usage.total))
    return found
