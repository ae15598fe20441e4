"""Workflows kept in memory between steps, so a step on a recently moved dossier skips deserializing it.

An entry is the workflow as committed at one version of its instance row. A step takes it out (so a step that
fails never leaves a half-run workflow behind) and it is put back only after its transaction commits. A row
whose version differs (another process moved the dossier) misses the entry and is read from the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from SpiffWorkflow.bpmn import BpmnWorkflow
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from engine.models import WorkflowInstance

_PENDING = "motcua.workflows_to_keep"


class WorkflowCache:
    """At most `size` workflows, the least recently used dropped first; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[int, tuple[int, BpmnWorkflow]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: int, version: int) -> BpmnWorkflow | None:
        """The workflow of this instance as committed at `version`, removed from the cache; None on a miss."""
        with self._lock:
            entry = self._entries.pop(instance_id, None)
        return entry[1] if entry is not None and entry[0] == version else None

    def keep_after_commit(self, session: Session, instance: WorkflowInstance, workflow: BpmnWorkflow) -> None:
        """Keep the workflow once `session` commits the instance row, under the id and version the row has then (its
        flush gives them); forget it on rollback."""
        session.info.setdefault(_PENDING, []).append((instance, workflow))

    def watch(self, session_factory: sessionmaker[Session]) -> None:
        """Put workflows back when sessions of this factory commit; drop them when they roll back."""
        event.listen(session_factory, "after_commit", self._committed)
        event.listen(session_factory, "after_rollback", lambda session: session.info.pop(_PENDING, None))

    def _committed(self, session: Session) -> None:
        with self._lock:
            for instance, workflow in session.info.pop(_PENDING, ()):
                self._entries[instance.id] = (instance.version, workflow)
                self._entries.move_to_end(instance.id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
