"""Firing due BPMN timers (the half-day handover rule fires here); run by the scheduler, safe to rerun."""

from __future__ import annotations

import logging

from sqlalchemy import select

from engine.dossiers.step import Step
from engine.errors import Conflict, DomainError
from engine.models import Dossier, WorkflowInstance
from engine.runtime import Runtime

log = logging.getLogger(__name__)


def fire_due_timers(runtime: Runtime, *, limit: int = 500) -> list[str]:
    """Run every workflow whose next timer is due, one dossier per transaction; returns the dossier codes moved. A
    dossier whose diagram stops at its timer (a failing script) is logged and left for the next run; the others
    fire."""
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        due = uow.session.execute(
            select(Dossier.code, Dossier.version)
            .join(WorkflowInstance, WorkflowInstance.dossier_id == Dossier.id)
            .where(WorkflowInstance.next_timer_at <= now, WorkflowInstance.completed.is_(False))
            .order_by(WorkflowInstance.next_timer_at)
            .limit(limit)
        ).all()
    moved = []
    for code, version in due:
        try:
            with runtime.unit_of_work() as uow:
                step = Step.begin(runtime, uow.session, code, version, None)
                step.workflow.refresh_timers()
                step.finish("timers_fired")
                uow.commit()
                moved.append(code)
        except Conflict:
            log.info("dossier %s moved while its timers were due; they fire on the next run", code)
        except DomainError as error:
            log.error("dossier %s: its due timers could not fire: %s", code, error)
    return moved
