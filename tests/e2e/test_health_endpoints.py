"""/healthz says the process answers; /readyz checks the database, the file store, the scheduler's lease and the age
of the oldest unsent notice, and answers 503 naming what fails, without a secret in the answer."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from engine.models import OutboxMessage, OutboxState
from engine.operations.lease import LEASE_TIME, Lease


@pytest.fixture
def scheduler(app):
    """A scheduler holding the lease, as `motcua scheduler` does."""
    lease = Lease(app.extensions["motcua"], holder="sched-host.internal:4242:abcd")
    assert lease.hold()
    return lease


def _notice(app, age: timedelta, channel: str = "email") -> None:
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        now = rt.clock.now()
        uow.session.add(
            OutboxMessage(
                dedup_key=f"{channel}-{age}",
                channel=channel,
                recipient="0912000111",
                subject="Hồ sơ đã được tiếp nhận",
                body="...",
                created_at=now - age,
                next_attempt_at=now,
                state=OutboxState.PENDING,
            )
        )
        uow.commit()


def _ready(client, failing: list[str]) -> dict:
    answer = client.get("/readyz")
    body = answer.get_json()
    assert (answer.status_code, body["failing"]) == (503 if failing else 200, failing), body
    assert answer.headers["Cache-Control"] == "no-store"
    return body


def test_healthz_answers_without_the_database(client):
    answer = client.get("/healthz")
    assert (answer.status_code, answer.get_json()) == (200, {"status": "ok"})


def test_ready_when_every_check_passes_and_no_secret_is_shown(client, scheduler, settings):
    body = _ready(client, [])
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "scheduler", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())
    text = str(body)
    url = make_url(settings.database_url)
    assert "sched-host" not in text and settings.secret_key not in text
    assert str(url.database) not in text and str(settings.instance_dir) not in text


def test_no_scheduler_or_a_lapsed_lease_is_not_ready(client, scheduler, clock):
    clock.advance(LEASE_TIME + timedelta(seconds=5))
    body = _ready(client, ["scheduler"])
    assert body["checks"]["scheduler"]["detail"] == "lease lapsed 5 s ago"
    assert scheduler.hold()
    _ready(client, [])
    scheduler.release()
    _ready(client, ["scheduler"])


def test_a_notice_waiting_past_the_threshold_is_not_ready(client, scheduler, app):
    _notice(app, timedelta(minutes=59))
    _ready(client, [])
    _notice(app, timedelta(hours=3), channel="sms")  # no SMS gateway configured: it waits by design
    _ready(client, [])
    _notice(app, timedelta(minutes=61))
    body = _ready(client, ["outbox"])
    assert body["checks"]["outbox"]["detail"] == "oldest unsent notice waits 3660 s (limit 3600 s)"


def test_a_file_store_that_takes_no_write_is_not_ready(client, scheduler, app):
    root: Path = app.extensions["motcua"].files.root
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("a file where the folder should be")
    _ready(client, ["storage"])


def test_a_database_down_is_not_ready_and_says_what_it_could_not_check(client, scheduler, request, settings):
    if settings.database_url.startswith("sqlite"):
        path = Path(make_url(settings.database_url).database)
        path.rename(path.with_suffix(".gone"))
        path.mkdir()  # nothing can open a folder as a database
    else:
        server, name = request.getfixturevalue("postgres_server"), make_url(settings.database_url).database
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        server.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        request.addfinalizer(lambda: server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    client.application.extensions["motcua"].engine.dispose()  # the pooled connections went with the server
    body = _ready(client, ["database", "scheduler", "outbox"])
    assert body["checks"]["database"]["detail"].startswith("unavailable: ")
    assert body["checks"]["outbox"]["detail"] == "not checked: database unavailable"
    assert client.get("/healthz").status_code == 200
