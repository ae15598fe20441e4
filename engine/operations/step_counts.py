"""Dossier steps counted for /metrics once their transaction commits; a step that rolls back is not counted.

The counter is this process's own (Prometheus adds up the processes it scrapes); it is registered into each app's
metrics registry rather than a global one, so that several apps in one process (the tests) each show it.
"""

from __future__ import annotations

from prometheus_client import Counter
from sqlalchemy import event
from sqlalchemy.orm import Session

STEPS_COMPLETED = Counter(
    "motcua_workflow_steps_completed",
    "Dossier steps committed in this process, by the event they logged",
    ["action"],
    registry=None,
)
_PENDING = "motcua_steps"


def count_step(session: Session, action: str) -> None:
    """Count the step (`action` is its event, e.g. `task_completed`) when the session's transaction commits."""
    session.info.setdefault(_PENDING, []).append(action)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for action in session.info.pop(_PENDING, ()):
        STEPS_COMPLETED.labels(action).inc()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
