"""A scheduler stopped and started again (here: by another process) repeats nothing and loses nothing."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from engine.dossiers.sla_states import SlaRefresh
from engine.national_portal.pull import PulledQuestions
from engine.notices.outbox import DeliveryReport
from engine.operations.lease import Lease
from engine.settings import BackupSettings, SmtpSettings
from sla.scheduler import JOBS, run_leased


@pytest.fixture
def settings(settings, smtp_server, tmp_path):
    return dataclasses.replace(
        settings,
        smtp=SmtpSettings(host="127.0.0.1", port=smtp_server.port),
        backup=BackupSettings(folder=str(tmp_path / "backups")),
    )


def _run_all(lease: Lease, runtime) -> dict[str, object]:
    return {job_id: run_leased(lease, job, runtime) for job_id, job, _ in JOBS}


def _no_mail_twice(smtp_server) -> int:
    sent = [(mail["To"], mail["Subject"]) for mail in smtp_server.messages]
    assert len(sent) == len(set(sent))
    return len(sent)


def test_a_restarted_scheduler_repeats_nothing_and_catches_up_on_what_came_due(desk, smtp_server):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # due 17:00, handover 14:30
    desk.clock.set(datetime.fromisoformat("2026-11-23T14:31+07:00"))
    first = Lease(desk.runtime, holder="before-restart")
    done = _run_all(first, desk.runtime)
    assert done["fire_due_timers"] == [code]
    assert done["deliver_outbox"].sent == 3  # submitted, received, late handover
    assert done["queue_morning_digests"] == 2  # due today: the ward's leader and its department leader
    assert done["scheduled_backup"] is not None
    first.release()  # stopped

    again = _run_all(Lease(desk.runtime, holder="after-restart"), desk.runtime)
    sealing = again.pop("seal_events")
    assert sealing.sealed == 0 and sealing.head_event_id == done["seal_events"].head_event_id  # sealed before
    assert again == {
        "fire_due_timers": [],
        "refresh_sla_states": SlaRefresh(checked=0, running=0, resolved=0, first_overdue=0, late_handovers=0),
        "deliver_outbox": DeliveryReport(sent=2),  # the digests queued after the first delivery ran
        "queue_morning_digests": 0,
        "scheduled_backup": None,
        "flag_question_deadlines": {"due_soon": [], "overdue": []},
        "flag_content_deadlines": {"late": []},
        "flag_late_summaries": {"late_summaries": []},
        "snapshot_closed_periods": [],
        "reconcile_yesterday": None,  # no payment platform configured
        "forget_idempotency_keys": 0,
        "remove_unused_images": {"removed": []},
        "pull_national_questions": PulledQuestions(),  # no national portal configured
    }
    assert _no_mail_twice(smtp_server) == 5

    desk.clock.set(datetime.fromisoformat("2026-11-24T07:10+07:00"))  # a holiday: no digest
    holiday = _run_all(Lease(desk.runtime, holder="after-restart"), desk.runtime)
    assert holiday["refresh_sla_states"].first_overdue == 1  # it was due 23/11 17:00
    assert holiday["queue_morning_digests"] == 0
    desk.clock.set(datetime.fromisoformat("2026-11-25T07:10+07:00"))  # the scheduler was down at 07:00
    assert _run_all(Lease(desk.runtime, holder="after-restart"), desk.runtime)["queue_morning_digests"] == 2
    _run_all(Lease(desk.runtime, holder="after-restart"), desk.runtime)
    assert _no_mail_twice(smtp_server) == 7
