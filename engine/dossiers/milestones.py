"""What the dossier becomes when its diagram reaches a named task or milestone (status, moments, notices)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.audit import record_event
from engine.models import DossierPause, DossierStatus, Outcome, ReturnMethod, Role, RoleAssignment, User
from engine.notices.compose import applicant_notices, queue_notice

if TYPE_CHECKING:
    from engine.dossiers.step import Step


def _local(step: Step, moment: datetime) -> datetime:
    return step.calendar.local(moment)


def _notify_applicant(step: Step, kind: str, **details: object) -> None:
    base_url = step.runtime.settings.public_url
    step.session.add_all(applicant_notices(step.dossier, kind, step.at, base_url, **details))


def _milestone(step: Step, action: str, reason: str = "", after: dict[str, Any] | None = None) -> None:
    record_event(step.session, action, step.at, dossier=step.dossier, result="system", reason=reason, after=after)


def _supplement_requested(form_name: str) -> Callable[[Step, dict[str, Any]], None]:
    """Reception or the department asked for what is missing, once and completely; the clock stops if it runs."""

    def effect(step: Step, data: dict[str, Any]) -> None:
        form = data[form_name]
        names = {d.id: d.name for d in step.dossier.procedure_version.documents}
        missing = "; ".join(names.get(i, str(i)) for i in form.get("missing_documents", []))
        step.dossier.status = DossierStatus.SUPPLEMENT_REQUESTED
        if step.dossier.received_at is not None:
            step.dossier.pauses.append(DossierPause(started_at=step.at, reason=form["supplement_note"]))
        missing_ids = {"missing_documents": form.get("missing_documents", [])}
        _milestone(step, "supplement_requested", form["supplement_note"], after=missing_ids)
        _notify_applicant(step, "supplement_requested", missing=missing, note=form["supplement_note"])

    return effect


def dossier_received(step: Step, data: dict[str, Any]) -> None:
    """Complete and valid: the receipt moment, the appointment and the handover deadline are fixed."""
    dossier = step.dossier
    dossier.status = DossierStatus.RECEIVED
    dossier.received_at = datetime.fromisoformat(data["received_at"])
    dossier.due_at = datetime.fromisoformat(data["due_at"])
    dossier.handover_due_at = datetime.fromisoformat(data["handover_due"])
    _milestone(step, "dossier_received")
    _notify_applicant(
        step, "dossier_received", received=_local(step, dossier.received_at), due=_local(step, dossier.due_at)
    )


def handed_over(step: Step, data: dict[str, Any]) -> None:
    step.dossier.handed_over_at = step.at
    step.dossier.status = DossierStatus.PROCESSING


def handover_late(step: Step, data: dict[str, Any]) -> None:
    """The half-day rule was missed: flag it and tell the leaders of the receiving unit; the task stays open."""
    step.dossier.late_handover = True
    _milestone(step, "handover_late")
    leaders = step.session.scalars(
        select(User.email)
        .join(RoleAssignment)
        .where(RoleAssignment.agency_id == step.dossier.receiving_unit_id, RoleAssignment.role == Role.AGENCY_LEADER)
    )
    for email in leaders:
        message = queue_notice(step.dossier, "handover_late", email or "", step.at)
        if message is not None:
            step.session.add(message)


def _refused(
    reason_of: Callable[[dict[str, Any]], str], status: DossierStatus
) -> Callable[[Step, dict[str, Any]], None]:
    def effect(step: Step, data: dict[str, Any]) -> None:
        reason = reason_of(data)
        step.dossier.status = status
        step.dossier.outcome = Outcome.REFUSED
        step.dossier.resolved_at = step.at
        _milestone(step, "dossier_refused", reason)
        _notify_applicant(step, "dossier_refused", reason=reason)

    return effect


def decision_signed(step: Step, data: dict[str, Any]) -> None:
    step.dossier.status = DossierStatus.RESOLVED
    step.dossier.outcome = Outcome.GRANTED
    step.dossier.resolved_at = step.at
    step.dossier.result_summary = data.get("review", {}).get("draft_summary", "")
    _milestone(step, "decision_signed")
    _notify_applicant(step, "result_ready")


def result_returned(step: Step, data: dict[str, Any]) -> None:
    step.dossier.status = DossierStatus.RESULT_RETURNED
    step.dossier.returned_at = step.at
    step.dossier.return_method = ReturnMethod(data["return_result"]["return_method"])
    _milestone(step, "result_returned")


def apology_approved(step: Step, data: dict[str, Any]) -> None:
    """The new appointment replaces the old one, once."""
    request = data["apology"]
    step.dossier.due_at = datetime.fromisoformat(request["new_due"])
    step.dossier.apology_count += 1
    _milestone(step, "apology_approved", request["reason"])
    _notify_applicant(step, "apology_sent", reason=request["reason"], due=_local(step, step.dossier.due_at))


def _ended(status: DossierStatus, outcome: Outcome, kind: str) -> Callable[[Step, dict[str, Any]], None]:
    def effect(step: Step, data: dict[str, Any]) -> None:
        reason = data.get("stop", {}).get("reason", "") if kind == "dossier_stopped" else ""
        step.dossier.status = status
        step.dossier.outcome = outcome
        for pause in step.dossier.pauses:
            pause.ended_at = pause.ended_at or step.at
        _milestone(step, kind, reason)
        _notify_applicant(step, kind, reason=reason)

    return effect


MILESTONES: dict[str, Callable[[Step, dict[str, Any]], None]] = {
    "supplement_requested": _supplement_requested("check_completeness"),
    "supplement_requested_after_review": _supplement_requested("review"),
    "dossier_received": dossier_received,
    "hand_over": handed_over,
    "handover_late": handover_late,
    "refused_at_reception": _refused(lambda d: d["check_completeness"]["refusal_reason"], DossierStatus.NOT_RECEIVED),
    "refused_after_review": _refused(lambda d: d["review"]["refusal_reason"], DossierStatus.RESOLVED),
    "decision_signed": decision_signed,
    "result_returned": result_returned,
    "apology_approved": apology_approved,
    "dossier_stopped": _ended(DossierStatus.STOPPED, Outcome.STOPPED, "dossier_stopped"),
    "dossier_withdrawn": _ended(DossierStatus.WITHDRAWN, Outcome.WITHDRAWN, "dossier_withdrawn"),
}
