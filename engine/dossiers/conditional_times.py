"""Conditional processing times (thời hạn theo điều kiện): a catalog time that applies only under its stated condition
("5 working days where the dossier needs verification") is chosen by the department, with its reason."""

from __future__ import annotations

from engine.dossiers.requests import FINAL, begin_request, committed
from engine.dossiers.step import StepResult
from engine.errors import N_, InvalidData, StepNotAvailable
from engine.models import Role
from engine.notices.compose import applicant_notices
from engine.people.permissions import require_role
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from sla.deadlines import due_with_pauses


def apply_conditional_time(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    dossier_code: str,
    actor_id: int,
    expected_version: int,
    reason: str,
    time_id: int,
) -> StepResult:
    """The due moment counts again from receipt with the chosen conditional time, the clock's pauses kept; the event
    records the condition, the reason and both moments, and the applicant is told the new appointment."""
    with uow:
        step = begin_request(runtime, uow, dossier_code, expected_version, actor_id)
        dossier = step.dossier
        require_role(
            step.actor,
            (Role.SPECIALIST, Role.DEPARTMENT_LEADER),
            dossier.resolving_agency_id,
            N_("áp dụng thời hạn giải quyết theo điều kiện"),
        )
        if dossier.received_at is None or dossier.due_at is None or dossier.status in FINAL:
            raise StepNotAvailable(dossier_code=dossier_code, action=N_("áp dụng thời hạn theo điều kiện"))
        version = dossier.procedure_version
        chosen = next((time for time in version.times if time.condition and time.id == time_id), None)
        errors = {}
        if chosen is None:
            errors["time_id"] = N_("Thời hạn theo điều kiện: chọn một thời hạn của thủ tục này.")
        if not nfc(reason.strip()):
            errors["reason"] = N_("Lý do: bắt buộc nhập.")
        if errors:
            raise InvalidData(errors)
        pauses = [(pause.started_at, pause.ended_at) for pause in dossier.pauses]
        due = due_with_pauses(
            step.calendar, dossier.received_at, chosen.duration, pauses, same_day_cutoff=version.same_day_cutoff
        )
        if due is None:
            raise StepNotAvailable(dossier_code=dossier_code, action=N_("đổi thời hạn khi hồ sơ đang chờ bổ sung"))
        before, dossier.due_at = dossier.due_at, due
        local = step.calendar.local
        step.session.add_all(
            applicant_notices(
                dossier,
                "due_conditioned",
                step.at,
                runtime.settings.public_url,
                condition=chosen.condition,
                duration=str(chosen.duration),
                due=local(due),
            )
        )
        reached = step.finish(
            "processing_time_conditioned",
            reason=nfc(reason.strip()),
            after={"condition": chosen.condition, "before": local(before).isoformat(), "due": local(due).isoformat()},
        )
        return committed(uow, step, reached)
