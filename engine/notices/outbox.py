"""Delivering the outbox: each message claimed atomically, sent at most once, retried with backoff on failure."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, select, update
from sqlalchemy.orm import aliased

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotFound
from engine.models import Dossier, OutboxMessage, OutboxState
from engine.national_portal.messages import CHANNEL as NATIONAL
from engine.notices.delivery import DeliveryFailed, Sender, configured_senders
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 ... minutes
LONGEST_RETRY = timedelta(hours=6)
ORDERED_CHANNELS = (NATIONAL,)  # a dossier's messages on these channels go one after another, oldest first
CLAIM_TIMEOUT = timedelta(minutes=10)
"""A claim older than this belongs to a process that stopped while sending; whether it sent is unknown."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the given number of failed attempts."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def deliver_outbox(
    runtime: Runtime, *, senders: Mapping[str, Sender] | None = None, limit: int = 200
) -> DeliveryReport:
    """Send the messages that are due, oldest first; safe to run in several processes at once."""
    senders = configured_senders(runtime.settings) if senders is None else senders
    now = runtime.clock.now()
    _give_up_interrupted(runtime, now)
    with runtime.unit_of_work() as uow:
        due = uow.session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.channel.in_(list(senders)),
                ~_after_unsent(),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).all()
    token = uuid.uuid4().hex
    counts = {OutboxState.SENT: 0, OutboxState.PENDING: 0, OutboxState.FAILED: 0}
    try:
        for message_id in due:
            message = _claim(runtime, message_id, token, now)
            if message is None:
                continue  # another process took it
            try:
                senders[message.channel].send(message, now)
            except DeliveryFailed as error:
                state = _failed(runtime, message, token, now, error)
            else:
                state = _finish(runtime, message.id, token, OutboxState.SENT, sent_at=now, last_error="")
            counts[state] += 1
    finally:
        for sender in senders.values():
            sender.close()
    return DeliveryReport(counts[OutboxState.SENT], counts[OutboxState.PENDING], counts[OutboxState.FAILED])


def _after_unsent() -> ColumnElement[bool]:
    """A message on an ordered channel that waits for an older one of its dossier, not sent yet (or failed: then it
    waits until an administrator sends that one again)."""
    older = aliased(OutboxMessage)
    return and_(
        OutboxMessage.channel.in_(ORDERED_CHANNELS),
        exists().where(
            older.dossier_id == OutboxMessage.dossier_id,
            older.channel == OutboxMessage.channel,
            older.id < OutboxMessage.id,
            older.state != OutboxState.SENT,
        ),
    )


def _claim(runtime: Runtime, message_id: int, token: str, now: datetime) -> OutboxMessage | None:
    """Mark the message as being sent by this run, committed before sending: of two runs only one wins."""
    with runtime.unit_of_work() as uow:
        claimed = uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state == OutboxState.PENDING)
            .values(
                state=OutboxState.SENDING,
                claimed_by=token,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return None
        message = uow.session.get(OutboxMessage, message_id)
        uow.commit()
        return message


def _failed(runtime: Runtime, message: OutboxMessage, token: str, now: datetime, error: DeliveryFailed) -> OutboxState:
    if error.permanent or message.attempts >= MAX_ATTEMPTS:
        log.warning("outbox message %s failed for good after %d attempts: %s", message.id, message.attempts, error)
        return _finish(runtime, message.id, token, OutboxState.FAILED, last_error=str(error))
    return _finish(
        runtime,
        message.id,
        token,
        OutboxState.PENDING,
        next_attempt_at=now + retry_delay(message.attempts),
        last_error=str(error),
    )


def _finish(runtime: Runtime, message_id: int, token: str, state: OutboxState, **values: object) -> OutboxState:
    with runtime.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == token)
            .values(state=state, **values)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return state


def _give_up_interrupted(runtime: Runtime, now: datetime) -> None:
    """Claims left by a process that stopped mid-send fail visibly rather than risk a second delivery."""
    with runtime.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at < now - CLAIM_TIMEOUT)
            .values(state=OutboxState.FAILED, last_error="interrupted while sending; not resent to avoid a duplicate")
            .execution_options(synchronize_session=False)
        )
        uow.commit()


def retry_message(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, message_id: int) -> None:
    """An administrator sends a failed or waiting notice again at the next delivery run, with a fresh count of
    attempts; one being sent or already sent is refused. Logged with who asked and the error it had."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, N_("gửi lại thông báo"))
        message = session.get(OutboxMessage, message_id)
        if message is None:
            raise NotFound(what=N_("thông báo"))
        now = runtime.clock.now()
        before = {"state": message.state.value, "attempts": message.attempts, "last_error": message.last_error}
        # Compare-and-set on the state: a delivery run may claim the message meanwhile.
        retried = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state.in_([OutboxState.FAILED, OutboxState.PENDING]))
            .values(state=OutboxState.PENDING, attempts=0, next_attempt_at=now, claimed_by="", claimed_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not retried:
            raise InvalidData({"message": N_("Thông báo này đang được gửi hoặc đã gửi xong, không gửi lại.")})
        dossier = session.get(Dossier, message.dossier_id) if message.dossier_id else None
        after = {"message": message_id, "channel": message.channel, "state": OutboxState.PENDING.value}
        record_event(session, "notice_retried", now, actor=actor, dossier=dossier, before=before, after=after)
        uow.commit()
