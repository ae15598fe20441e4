"""The scheduler process: APScheduler running the SLA jobs against the core's runtime.

This is the one corner of `sla` that calls engine services; nothing else imports it but the CLI.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from engine.services.timers import fire_due_timers
from reports.snapshots import snapshot_closed_periods

if TYPE_CHECKING:
    from engine.runtime import Runtime

log = logging.getLogger(__name__)

# (job id, function of the runtime, trigger keyword arguments).
JOBS: tuple[tuple[str, Callable[[Runtime], object], dict[str, object]], ...] = (
    ("fire_due_timers", fire_due_timers, {"trigger": "interval", "minutes": 1}),
    ("snapshot_closed_periods", snapshot_closed_periods, {"trigger": "cron", "hour": 0, "minute": 30}),
)


def build_scheduler(runtime: Runtime, *, blocking: bool) -> BaseScheduler:
    """A scheduler with every job registered, in the installation's time zone."""
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=runtime.settings.timezone)
    for job_id, job, trigger in JOBS:
        scheduler.add_job(job, args=[runtime], id=job_id, coalesce=True, max_instances=1, **trigger)
    log.info("scheduler ready with %d jobs", len(JOBS))
    return scheduler
