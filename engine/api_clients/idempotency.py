"""Idempotency keys (khoá chống gửi trùng) for the API's creating calls: a client that lost an answer sends the same
call again with the same `Idempotency-Key` and gets the first answer back, never a second dossier.

A key is claimed by inserting its row, committed before the call runs: of two identical calls at once, the database's
unique constraint lets one run and tells the other it is still running. Only answers that created something (2xx)
are kept to replay; a refused call frees its key, so that the corrected call may use it. Keys are kept KEPT_DAYS.
A call that crashed never settles its key: a key still running after RUNNING_AT_MOST is taken over by the next call
that brings the same request, so that a client's retry is not refused for days.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError

from engine.errors import N_, DomainError, InvalidData
from engine.models import IdempotencyKey
from engine.runtime import Runtime

KEPT_DAYS = 7
RUNNING_AT_MOST = timedelta(minutes=5)  # longer than any call runs: a key still running then was left by a crash
LONGEST_KEY = 255


class KeyReused(DomainError):
    code = "idempotency_key_reused"
    message = N_(
        "Khoá Idempotency-Key «{key}» đã được dùng cho một yêu cầu khác (khác đường dẫn hoặc nội dung): "
        "dùng một khoá mới cho yêu cầu mới."
    )


class KeyInProgress(DomainError):
    code = "idempotency_key_in_progress"
    message = N_("Yêu cầu mang khoá Idempotency-Key «{key}» đang được xử lý; gửi lại sau ít giây.")


@dataclass(frozen=True)
class Answer:
    """The first answer given to a key, replayed as it was."""

    status: int
    content_type: str
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join((method.encode(), path.encode(), body))).hexdigest()


def claim(runtime: Runtime, client_id: int, key: str, print_: str) -> Answer | None:
    """Claim the key for this call (None: go on and run it), or the first answer to replay; KeyReused for a key
    that carried another call, KeyInProgress while the first call runs. An expired key is claimed anew."""
    if not key or len(key) > LONGEST_KEY:
        raise InvalidData({"Idempotency-Key": N_("Idempotency-Key: từ 1 đến 255 ký tự.")})
    at = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        uow.session.execute(
            delete(IdempotencyKey).where(*_mine(client_id, key), IdempotencyKey.created_at < _oldest(at))
        )
        uow.session.add(IdempotencyKey(client_id=client_id, key=key, fingerprint=print_, created_at=at))
        try:
            uow.commit()
            return None
        except IntegrityError:
            uow.session.rollback()
        found = uow.session.scalar(select(IdempotencyKey).where(*_mine(client_id, key)))
    if found is None:  # freed meanwhile by a refused first call: this one may run
        return claim(runtime, client_id, key, print_)
    if found.fingerprint != print_:
        raise KeyReused(key=key)
    if found.status is None:
        if found.created_at > at - RUNNING_AT_MOST or not _taken_over(runtime, found, at):
            raise KeyInProgress(key=key)
        return None
    return Answer(found.status, found.content_type, found.body)


def _taken_over(runtime: Runtime, left: IdempotencyKey, at: datetime) -> bool:
    """Claim a key a crashed call left running; of two calls taking it over at once, one does."""
    with runtime.unit_of_work() as uow:
        taken = uow.session.execute(
            update(IdempotencyKey)
            .where(
                *_mine(left.client_id, left.key),
                IdempotencyKey.status.is_(None),
                IdempotencyKey.created_at == left.created_at,
            )
            .values(created_at=at)
        ).rowcount
        uow.commit()
        return taken == 1


def settle(runtime: Runtime, client_id: int, key: str, answer: Answer) -> None:
    """Keep the answer of a call that created something; free the key of a call that did not."""
    with runtime.unit_of_work() as uow:
        found = uow.session.scalar(select(IdempotencyKey).where(*_mine(client_id, key)))
        if found is not None and found.status is None:
            if 200 <= answer.status < 300:
                found.status, found.content_type, found.body = answer.status, answer.content_type, answer.body
            else:
                uow.session.delete(found)
        uow.commit()


def forget_expired(runtime: Runtime) -> int:
    """Delete the keys older than KEPT_DAYS (the scheduler's daily job); how many went."""
    with runtime.unit_of_work() as uow:
        oldest = _oldest(runtime.clock.now())
        gone = uow.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < oldest)).rowcount
        uow.commit()
        return gone


def _oldest(at: datetime) -> datetime:
    """The first moment a key still kept was created at."""
    return at - timedelta(days=KEPT_DAYS)


def _mine(client_id: int, key: str) -> tuple[ColumnElement[bool], ...]:
    return IdempotencyKey.client_id == client_id, IdempotencyKey.key == key
