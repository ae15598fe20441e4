"""The scheduler's lease: one row in the database says which process runs the jobs; others stand by."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from engine.models import SchedulerLease
from engine.runtime import Runtime

log = logging.getLogger(__name__)

LEASE_TIME = timedelta(seconds=60)
"""A holder that has not renewed for this long is taken to have stopped; renew well within it."""


class Lease:
    """The right to run the scheduler's jobs, held by one process at a time and taken over when it lapses."""

    def __init__(self, runtime: Runtime, *, name: str = "scheduler", holder: str = "", ttl: timedelta = LEASE_TIME):
        self.runtime = runtime
        self.name = name
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl = ttl
        self._lock = threading.Lock()  # the jobs of one scheduler start together in several threads

    def hold(self) -> bool:
        """Take or renew the lease; False while another holder's lease has not expired."""
        with self._lock:
            return self._hold()

    def _hold(self) -> bool:
        now = self.runtime.clock.now()
        try:
            with self.runtime.unit_of_work() as uow:
                previous = uow.session.scalar(select(SchedulerLease.holder).where(SchedulerLease.name == self.name))
                if previous is None:
                    uow.session.add(
                        SchedulerLease(name=self.name, holder=self.holder, acquired_at=now, expires_at=now + self.ttl)
                    )
                    uow.session.flush()
                else:
                    values = {"holder": self.holder, "expires_at": now + self.ttl}
                    if previous != self.holder:
                        values["acquired_at"] = now
                    # The condition is checked again by the UPDATE itself: of two contenders only one matches.
                    taken = uow.session.execute(
                        update(SchedulerLease)
                        .where(
                            SchedulerLease.name == self.name,
                            or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at <= now),
                        )
                        .values(**values)
                    ).rowcount
                    if not taken:
                        return False
                uow.commit()
        except IntegrityError:
            return False  # another process created the row first
        if previous != self.holder:
            log.info("scheduler lease %s taken by %s (was %s)", self.name, self.holder, previous or "free")
        return True

    def release(self) -> None:
        """Give the lease up at once (on a clean stop), so that a standby takes over without waiting."""
        with self.runtime.unit_of_work() as uow:
            uow.session.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder)
                .values(expires_at=self.runtime.clock.now())
            )
            uow.commit()
