"""The scheduler carries the SLA jobs, in the installation's time zone, one instance of each at a time."""

from __future__ import annotations

from sla.scheduler import build_scheduler


def test_the_timer_job_runs_every_minute(runtime):
    scheduler = build_scheduler(runtime, blocking=False)
    job = scheduler.get_job("fire_due_timers")
    assert job.id == "fire_due_timers" and job.args == (runtime,)
    assert job.trigger.interval.total_seconds() == 60
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"
