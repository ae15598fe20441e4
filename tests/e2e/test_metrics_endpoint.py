"""/metrics for the holder of the bearer token: requests by route rule and status, dossier steps, and figures read at
the scrape (notices, backups, dossiers due today and overdue, job runs), parsed as Prometheus parses them."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, select

from engine.models import BackupRecord, BackupStatus, Dossier, OutboxMessage, OutboxState
from engine.operations.lease import Lease
from engine.settings import MonitoringSettings
from sla.scheduler import run_leased
from webapp import create_app

pytestmark = pytest.mark.usefixtures("demo")
TOKEN = "metrics-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, monitoring=MonitoringSettings(metrics_token=TOKEN))


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by name and labels, as a Prometheus server reads the page."""
    answer = client.get("/metrics", headers=AUTH)
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.get_data(as_text=True))
        for sample in family.samples
    }


def test_only_the_token_holder_reads_metrics_and_without_a_token_they_are_off(client, settings, clock):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 401
    off = create_app(dataclasses.replace(settings, monitoring=MonitoringSettings()), clock=clock, TESTING=True)
    try:
        assert off.test_client().get("/metrics", headers=AUTH).status_code == 404
    finally:
        off.extensions["motcua"].close()


def test_requests_are_counted_by_route_rule_and_status(client):
    client.get("/procedures/birth_registration")
    client.get("/procedures/no-such-procedure")
    client.get("/no/such/page/HS-000123")
    found = scrape(client)
    by_rule = ("motcua_http_requests_total", (("method", "GET"), ("route", "/procedures/<code>"), ("status", "200")))
    assert found[by_rule] == 1
    assert found[
        ("motcua_http_requests_total", (("method", "GET"), ("route", "/procedures/<code>"), ("status", "404")))
    ]
    assert found[("motcua_http_requests_total", (("method", "GET"), ("route", "unmatched"), ("status", "404")))] == 1
    assert (
        found[("motcua_http_request_duration_seconds_count", (("method", "GET"), ("route", "/procedures/<code>")))] == 2
    )
    assert not any("HS-000123" in str(labels) or "birth_registration" in str(labels) for _, labels in found)


def test_steps_are_counted_once_committed(client, desk):
    key = ("motcua_workflow_steps_completed_total", (("action", "task_completed"),))
    before = scrape(client).get(key, 0)
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert scrape(client)[key] == before + 1


def test_dossiers_due_today_and_overdue_are_read_at_the_scrape(client, desk, clock):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # received: the clock runs
    with client.application.extensions["motcua"].unit_of_work() as uow:
        due = uow.session.scalar(select(Dossier.due_at).where(Dossier.code == code))
    clock.set(due - timedelta(hours=1))
    found = scrape(client)
    assert (found[("motcua_dossiers_due_today", ())], found[("motcua_dossiers_overdue", ())]) == (1, 0)
    clock.set(due + timedelta(seconds=1))
    found = scrape(client)
    assert found[("motcua_dossiers_overdue", ())] == 1


def test_notices_backups_and_jobs_are_read_at_the_scrape(client, clock):
    rt = client.application.extensions["motcua"]
    now = clock.now()
    with rt.unit_of_work() as uow:
        for key, state, age in (
            ("a", OutboxState.FAILED, 50),
            ("b", OutboxState.PENDING, 20),
            ("c", OutboxState.SENT, 90),
        ):
            uow.session.add(
                OutboxMessage(
                    dedup_key=key,
                    channel="email",
                    recipient="binh@example.vn",
                    subject="...",
                    body="...",
                    created_at=now - timedelta(minutes=age),
                    next_attempt_at=now,
                    state=state,
                )
            )
        backed_up = now - timedelta(days=2)
        uow.session.add(
            BackupRecord(
                started_at=backed_up, finished_at=backed_up, trigger="scheduled", status=BackupStatus.OK, database="x"
            )
        )
        uow.commit()
    lease = Lease(rt, holder="sched-1")
    run_leased(lease, lambda _rt: 3, rt, "fire_due_timers")
    with pytest.raises(ZeroDivisionError):
        run_leased(lease, lambda _rt: 1 / 0, rt, "deliver_outbox")
    clock.advance(timedelta(minutes=1))
    found = scrape(client)
    assert found[("motcua_outbox_messages", (("state", "failed"),))] == 1
    assert found[("motcua_outbox_messages", (("state", "pending"),))] == 1
    assert found[("motcua_outbox_oldest_unsent_age_seconds", ())] == 21 * 60
    assert found[("motcua_backup_last_success_age_seconds", ())] == timedelta(days=2, minutes=1).total_seconds()
    assert found[("motcua_job_last_run_failed", (("job", "deliver_outbox"),))] == 1
    assert found[("motcua_job_last_run_failed", (("job", "fire_due_timers"),))] == 0
    assert found[("motcua_job_last_success_age_seconds", (("job", "fire_due_timers"),))] == 60
    assert ("motcua_job_last_success_age_seconds", (("job", "deliver_outbox"),)) not in found
    assert found[("motcua_database_up", ())] == 1
    storage = (("folder", "storage"),)
    assert 0 < found[("motcua_disk_free_bytes", storage)] <= found[("motcua_disk_total_bytes", storage)]


def test_a_database_down_still_answers_with_database_up_zero(client, monkeypatch):
    rt = client.application.extensions["motcua"]
    monkeypatch.setattr(rt, "engine", create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    found = scrape(client)
    assert found[("motcua_database_up", ())] == 0
    assert ("motcua_dossiers_overdue", ()) not in found


def test_no_backup_yet_means_no_backup_age(client):
    assert ("motcua_backup_last_success_age_seconds", ()) not in scrape(client)
