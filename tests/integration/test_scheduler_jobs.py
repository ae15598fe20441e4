"""The scheduler carries the SLA jobs, in the installation's time zone, one instance of each at a time."""

from __future__ import annotations

from sla.scheduler import build_scheduler


def test_the_timer_job_runs_every_minute(runtime):
    scheduler = build_scheduler(runtime, blocking=False)
    job = scheduler.get_job("fire_due_timers")
    assert job.args == (runtime,)
    assert job.trigger.interval.total_seconds() == 60
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"


def test_the_question_deadline_job_runs_every_quarter_hour(runtime):
    job = build_scheduler(runtime, blocking=False).get_job("flag_question_deadlines")
    assert job.args == (runtime,) and job.trigger.interval.total_seconds() == 15 * 60
