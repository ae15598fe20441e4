"""The scheduler process: APScheduler running the SLA jobs against the core's runtime.

This is the one corner of `sla` that calls engine services; nothing else imports it but the CLI.
Every job runs only in the process that holds the scheduler lease (one row in the database), so with
several app processes exactly one runs the jobs; a standby takes over when the holder stops renewing.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from engine.api_clients.idempotency import forget_expired
from engine.content.consultations import flag_late_summaries
from engine.content.deadlines import flag_content_deadlines
from engine.content.image_cleanup import remove_unused_images
from engine.dossiers.sla_states import refresh_sla_states
from engine.dossiers.timers import fire_due_timers
from engine.national_portal.pull import pull_national_questions
from engine.notices.digest import queue_morning_digests
from engine.notices.outbox import deliver_outbox
from engine.operations.audit_chain import seal_events
from engine.operations.backups import scheduled_backup
from engine.operations.job_runs import run_recorded
from engine.operations.lease import LEASE_TIME, Lease
from engine.payments.reconciliation import reconcile_yesterday
from engine.questions.deadlines import flag_question_deadlines
from reports.snapshots import snapshot_closed_periods

if TYPE_CHECKING:
    from engine.runtime import Runtime

log = logging.getLogger(__name__)

# (job id, function of the runtime, trigger keyword arguments).
JOBS: tuple[tuple[str, Callable[[Runtime], object], dict[str, object]], ...] = (
    ("fire_due_timers", fire_due_timers, {"trigger": "interval", "minutes": 1}),
    ("flag_question_deadlines", flag_question_deadlines, {"trigger": "interval", "minutes": 15}),
    ("flag_content_deadlines", flag_content_deadlines, {"trigger": "interval", "minutes": 15}),
    ("flag_late_summaries", flag_late_summaries, {"trigger": "interval", "minutes": 15}),
    ("refresh_sla_states", refresh_sla_states, {"trigger": "interval", "minutes": 1}),
    ("deliver_outbox", deliver_outbox, {"trigger": "interval", "minutes": 1}),
    ("pull_national_questions", pull_national_questions, {"trigger": "interval", "minutes": 15}),
    ("queue_morning_digests", queue_morning_digests, {"trigger": "interval", "minutes": 10}),
    ("seal_events", seal_events, {"trigger": "interval", "minutes": 1}),
    ("scheduled_backup", scheduled_backup, {"trigger": "interval", "hours": 1}),
    ("snapshot_closed_periods", snapshot_closed_periods, {"trigger": "cron", "hour": 0, "minute": 30}),
    ("reconcile_yesterday", reconcile_yesterday, {"trigger": "cron", "hour": 1, "minute": 0}),
    ("forget_idempotency_keys", forget_expired, {"trigger": "cron", "hour": 1, "minute": 15}),
    ("remove_unused_images", remove_unused_images, {"trigger": "cron", "hour": 2, "minute": 30}),
)


def run_leased(lease: Lease, job: Callable[[Runtime], object], runtime: Runtime, name: str = "") -> object:
    """Run the job, logged as a job run, if this process holds (or can take) the lease; otherwise stand by."""
    if not lease.hold():
        return None
    return run_recorded(runtime, name or job.__name__, job, holder=lease.holder)


def build_scheduler(runtime: Runtime, lease: Lease) -> BaseScheduler:
    """A scheduler with every job registered under the lease, in the installation's time zone, running in threads.

    Every job also runs once as the scheduler starts, catching up on whatever came due while it was stopped.
    """
    scheduler = BackgroundScheduler(timezone=runtime.settings.timezone)
    # A run that comes late (a busy machine, a long backup) still runs, once, rather than being skipped.
    once = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None, "next_run_time": runtime.clock.now()}
    scheduler.add_job(lease.hold, "interval", seconds=LEASE_TIME.total_seconds() / 3, id="lease", **once)
    for job_id, job, trigger in JOBS:
        scheduler.add_job(run_leased, args=[lease, job, runtime, job_id], id=job_id, **once, **trigger)
    log.info("scheduler ready with %d jobs, lease holder %s", len(JOBS), lease.holder)
    return scheduler


def run_until_stopped(scheduler: BaseScheduler, lease: Lease, foreground: Callable[[], object] | None = None) -> None:
    """Run the jobs while `foreground` runs (the web server, or a wait) until it returns or the process gets SIGTERM
    or Ctrl-C; then let running jobs finish and give the lease up at once, so that a standby takes over now.

    SIGTERM (systemd, `docker stop`, `kill`) is turned into the KeyboardInterrupt of Ctrl-C: the main thread only
    waits or serves, so the interrupt lands outside the scheduler's locks, and the server stops as on Ctrl-C.
    """
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        scheduler.start()
        (foreground or threading.Event().wait)()
    except KeyboardInterrupt:
        log.info("scheduler stopping, lease holder %s", lease.holder)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if scheduler.running:
            scheduler.shutdown(wait=True)
        lease.release()
        log.info("scheduler stopped; lease %s released", lease.name)
