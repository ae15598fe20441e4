"""What the administrator's operations page (vận hành hệ thống) shows: the scheduler and its job runs, failures
first; notices failed or stuck; backups; disk space; incidents. Read-only, a few indexed queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine.models import (
    BackupRecord,
    BackupStatus,
    Incident,
    JobOutcome,
    JobRun,
    OutboxMessage,
    OutboxState,
    SchedulerLease,
)
from engine.operations.figures import Disk, Figures, disks, figures
from engine.operations.health import SCHEDULER
from engine.operations.incidents import listed_incidents
from engine.runtime import Runtime

SHOWN = 30


@dataclass(frozen=True)
class Overview:
    at: datetime
    lease: SchedulerLease | None
    figures: Figures
    failed_runs: list[JobRun]
    recent_runs: list[JobRun]
    failed_notices: list[OutboxMessage]
    stuck_notices: list[OutboxMessage]  # waiting longer than the readiness threshold
    backups: list[BackupRecord]
    last_good_backup: BackupRecord | None
    disks: list[Disk]
    incidents: list[Incident]


def overview(runtime: Runtime) -> Overview:
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        session = uow.session
        found = figures(runtime, session.connection())
        newest_runs = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(SHOWN)
        notices = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(SHOWN)
        stuck_since = now - runtime.settings.monitoring.outbox_max_age
        shown = Overview(
            at=now,
            lease=session.get(SchedulerLease, SCHEDULER),
            figures=found,
            failed_runs=list(session.scalars(newest_runs.where(JobRun.outcome == JobOutcome.FAILED))),
            recent_runs=list(session.scalars(newest_runs)),
            failed_notices=list(session.scalars(notices.where(OutboxMessage.state == OutboxState.FAILED))),
            stuck_notices=list(
                session.scalars(
                    notices.where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.created_at < stuck_since)
                )
            ),
            backups=list(session.scalars(select(BackupRecord).order_by(BackupRecord.started_at.desc()).limit(10))),
            last_good_backup=session.scalar(
                select(BackupRecord)
                .where(BackupRecord.status == BackupStatus.OK)
                .order_by(BackupRecord.finished_at.desc())
                .limit(1)
            ),
            disks=disks(runtime),
            incidents=listed_incidents(session),
        )
        session.expunge_all()
    return shown
