"""The scheduler carries the SLA jobs, in the installation's time zone, one instance of each at a time."""

from __future__ import annotations

from engine.operations.lease import LEASE_TIME, Lease
from sla.scheduler import JOBS, build_scheduler, run_leased


def test_every_job_runs_under_the_lease(runtime):
    lease = Lease(runtime, holder="a")
    scheduler = build_scheduler(runtime, lease)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"lease", *(job_id for job_id, _, _ in JOBS)}
    assert {
        "fire_due_timers",
        "refresh_sla_states",
        "deliver_outbox",
        "queue_morning_digests",
        "scheduled_backup",
        "flag_question_deadlines",
        "flag_content_deadlines",
        "flag_late_summaries",
        "snapshot_closed_periods",
        "reconcile_yesterday",
        "remove_unused_images",
    } <= set(jobs)
    timers = jobs["fire_due_timers"]
    assert timers.func is run_leased and timers.args[0] is lease and timers.args[2] is runtime
    assert timers.trigger.interval.total_seconds() == 60
    assert jobs["lease"].trigger.interval < LEASE_TIME / 2  # renewed well before it lapses
    assert all((job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, None) for job in jobs.values())
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"


def test_the_question_deadline_job_runs_every_quarter_hour(runtime):
    job = build_scheduler(runtime, Lease(runtime, holder="a")).get_job("flag_question_deadlines")
    assert job.args[2] is runtime and job.trigger.interval.total_seconds() == 15 * 60


def test_unused_images_are_removed_each_night(runtime):
    job = build_scheduler(runtime, Lease(runtime, holder="a")).get_job("remove_unused_images")
    assert str(job.trigger) == "cron[hour='2', minute='30']"
