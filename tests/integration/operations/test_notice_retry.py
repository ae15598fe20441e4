"""An administrator sends a failed notice again through the outbox: it waits for the next delivery run with a fresh
count of attempts, the event log says who asked; a notice being sent or sent already is left alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.errors import InvalidData, NotAllowed
from engine.models import Event, OutboxMessage, OutboxState
from engine.notices.outbox import retry_message
from tests.integration.operations.conftest import count, user_id


def queue(runtime, state: OutboxState, *, key: str = "n1", attempts: int = 8, error: str = "550 mailbox unavailable"):
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        message = OutboxMessage(
            dedup_key=key,
            channel="email",
            recipient="hoa@example.vn",
            subject="Hồ sơ đã được tiếp nhận",
            body="...",
            created_at=now - timedelta(hours=3),
            attempts=attempts,
            next_attempt_at=now - timedelta(hours=1),
            last_error=error,
            state=state,
        )
        uow.session.add(message)
        uow.commit()
        return message.id


def test_a_failed_notice_waits_for_the_next_run_again_and_the_retry_is_logged(province, clock):
    message_id = queue(province, OutboxState.FAILED)
    retry_message(province, province.unit_of_work(), actor_id=user_id(province, "quantri"), message_id=message_id)
    with province.unit_of_work() as uow:
        message = uow.session.get(OutboxMessage, message_id)
        assert (message.state, message.attempts, message.next_attempt_at) == (OutboxState.PENDING, 0, clock.now())
        event = uow.session.scalar(select(Event).where(Event.action == "notice_retried"))
        assert event.actor_name == "Hoàng Đức Anh"
        assert event.before == {"state": "failed", "attempts": 8, "last_error": "550 mailbox unavailable"}
        assert event.after == {"message": message_id, "channel": "email", "state": "pending"}
        assert "hoa@example.vn" not in str(event.after)  # no address in the log


@pytest.mark.parametrize("state", [OutboxState.SENT, OutboxState.SENDING])
def test_a_notice_sent_or_being_sent_is_not_sent_again(province, state):
    message_id = queue(province, state, attempts=1)
    with pytest.raises(InvalidData) as refused:
        retry_message(province, province.unit_of_work(), actor_id=user_id(province, "quantri"), message_id=message_id)
    assert "không gửi lại" in refused.value.errors["message"]
    with province.unit_of_work() as uow:
        assert uow.session.get(OutboxMessage, message_id).state is state
    assert count(province, Event, Event.action == "notice_retried") == 0


def test_only_an_administrator_retries(province):
    message_id = queue(province, OutboxState.FAILED)
    with pytest.raises(NotAllowed):
        retry_message(
            province, province.unit_of_work(), actor_id=user_id(province, "motcua.anhoa"), message_id=message_id
        )
    assert count(province, OutboxMessage, OutboxMessage.state == OutboxState.FAILED) == 1
