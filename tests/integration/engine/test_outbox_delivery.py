"""The outbox reaches a real SMTP server once, retries with growing waits, and never sends a message twice."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from engine.models import OutboxMessage, OutboxState
from engine.notices.delivery import EmailSender
from engine.notices.outbox import MAX_ATTEMPTS, DeliveryReport, deliver_outbox, retry_delay
from engine.runtime import Runtime
from engine.settings import SmtpSettings
from tests.mail import free_port


@pytest.fixture
def settings(settings, smtp_server, tmp_path):
    smtp = SmtpSettings(host="127.0.0.1", port=smtp_server.port, sender="Một Cửa Thái An <motcua@thaian.example.vn>")
    return dataclasses.replace(settings, smtp=smtp, sms_spool=str(tmp_path / "sms" / "spool.jsonl"))


def _queue(runtime: Runtime, count: int = 1, *, channel: str = "email", recipient: str = "an@example.vn") -> list[int]:
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        messages = [
            OutboxMessage(
                dedup_key=f"test:{channel}:{recipient}:{i}",
                channel=channel,
                recipient=recipient,
                subject=f"Hồ sơ số {i} đã được tiếp nhận",
                body=f"Hồ sơ số {i} đã được tiếp nhận. Ngày hẹn trả kết quả: 27/11/2026.",
                created_at=now,
                next_attempt_at=now,
            )
            for i in range(count)
        ]
        uow.session.add_all(messages)
        uow.commit()
        return [message.id for message in messages]


def _message(runtime: Runtime, message_id: int) -> OutboxMessage:
    with runtime.unit_of_work() as uow:
        return uow.session.get(OutboxMessage, message_id)


def test_a_notice_of_a_step_reaches_the_mail_server_once(desk, smtp_server):
    code = desk.submit()  # queues "dossier submitted" to binh@example.vn
    assert deliver_outbox(desk.runtime) == DeliveryReport(sent=1)
    (mail,) = smtp_server.messages
    assert mail["To"] == "binh@example.vn" and mail["From"] == "Một Cửa Thái An <motcua@thaian.example.vn>"
    assert mail["Subject"] == f"Hồ sơ {code} đã được gửi"
    assert "Cán bộ một cửa sẽ kiểm tra hồ sơ" in mail.get_content()
    assert deliver_outbox(desk.runtime) == DeliveryReport()
    assert len(smtp_server.messages) == 1
    with desk.runtime.unit_of_work() as uow:
        row = uow.session.scalar(select(OutboxMessage))
        assert (row.state, row.attempts, row.sent_at) == (OutboxState.SENT, 1, desk.clock.now())


def test_a_temporary_refusal_is_retried_with_growing_waits(runtime, smtp_server, clock):
    (message_id,) = _queue(runtime)
    smtp_server.mailbox.replies.extend(["451 4.3.0 Try again later"] * 3)
    for attempt, wait in enumerate([timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)], start=1):
        assert deliver_outbox(runtime) == DeliveryReport(retrying=1)
        message = _message(runtime, message_id)
        assert (message.state, message.attempts) == (OutboxState.PENDING, attempt)
        assert message.next_attempt_at == clock.now() + wait and message.last_error.startswith("451")
        clock.advance(wait - timedelta(seconds=1))
        assert deliver_outbox(runtime) == DeliveryReport()  # not due yet
        clock.advance(timedelta(seconds=1))
    assert deliver_outbox(runtime) == DeliveryReport(sent=1)
    assert len(smtp_server.messages) == 1 and _message(runtime, message_id).attempts == 4


def test_a_refused_mailbox_fails_at_once_and_is_not_retried(runtime, smtp_server, clock):
    smtp_server.mailbox.refused.add("nobody@example.vn")
    (refused,) = _queue(runtime, recipient="nobody@example.vn")
    (accepted,) = _queue(runtime, recipient="an@example.vn")
    assert deliver_outbox(runtime) == DeliveryReport(sent=1, failed=1)
    message = _message(runtime, refused)
    assert (message.state, message.attempts) == (OutboxState.FAILED, 1) and message.last_error.startswith("550")
    assert _message(runtime, accepted).state is OutboxState.SENT
    clock.advance(timedelta(days=1))
    assert deliver_outbox(runtime) == DeliveryReport()


def test_an_unreachable_server_is_retried_until_the_attempts_run_out(runtime, clock):
    (message_id,) = _queue(runtime)
    nowhere = {"email": EmailSender(SmtpSettings(host="127.0.0.1", port=free_port()))}
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver_outbox(runtime, senders=nowhere) == DeliveryReport(retrying=1)
        clock.advance(retry_delay(attempt))
    assert deliver_outbox(runtime, senders=nowhere) == DeliveryReport(failed=1)
    message = _message(runtime, message_id)
    assert (message.state, message.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    assert "unreachable" in message.last_error


def test_two_processes_delivering_at_once_send_each_message_once(runtime, settings, clock, smtp_server):
    ids = _queue(runtime, 40)
    other = Runtime.start(settings, clock)
    reports: list[DeliveryReport] = []
    start = threading.Barrier(2)

    def deliver(rt: Runtime) -> None:
        start.wait()
        reports.append(deliver_outbox(rt))

    threads = [threading.Thread(target=deliver, args=(rt,)) for rt in (runtime, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert sum(report.sent for report in reports) == 40
    subjects = sorted(mail["Subject"] for mail in smtp_server.messages)
    assert subjects == sorted(f"Hồ sơ số {i} đã được tiếp nhận" for i in range(40))
    assert {_message(runtime, i).attempts for i in ids} == {1}


def test_a_message_left_mid_send_by_a_stopped_process_fails_visibly_and_is_not_resent(runtime, clock, smtp_server):
    (message_id,) = _queue(runtime)
    with runtime.unit_of_work() as uow:  # a process claimed it, then died before recording the outcome
        uow.session.execute(
            update(OutboxMessage).values(state=OutboxState.SENDING, claimed_by="dead", claimed_at=clock.now())
        )
        uow.commit()
    assert deliver_outbox(runtime) == DeliveryReport()
    assert _message(runtime, message_id).state is OutboxState.SENDING  # it may still be sending
    clock.advance(timedelta(minutes=11))
    assert deliver_outbox(runtime) == DeliveryReport()
    message = _message(runtime, message_id)
    assert message.state is OutboxState.FAILED and "interrupted" in message.last_error
    assert smtp_server.messages == []


def test_sms_goes_to_the_gateway_spool(runtime, settings):
    (message_id,) = _queue(runtime, channel="sms", recipient="0912345678")
    assert deliver_outbox(runtime) == DeliveryReport(sent=1)
    (line,) = (settings.instance_dir.parent / "sms" / "spool.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == {
        "id": message_id,
        "to": "0912345678",
        "text": "Hồ sơ số 0 đã được tiếp nhận. Ngày hẹn trả kết quả: 27/11/2026.",
        "at": runtime.clock.now().isoformat(),
    }


def test_sms_waits_in_the_outbox_while_no_gateway_is_configured(runtime, settings, clock):
    (message_id,) = _queue(runtime, channel="sms", recipient="0912345678")
    email_only = Runtime.start(dataclasses.replace(settings, sms_spool=""), clock)
    assert deliver_outbox(email_only) == DeliveryReport()
    email_only.close()
    assert _message(runtime, message_id).state is OutboxState.PENDING
