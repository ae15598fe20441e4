"""What the dossier becomes when its diagram passes an element with a behaviour (status, moments, notices), and the
data the engine keeps in the workflow for those behaviours, whichever element carries them (docs/procedures.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.audit import record_event
from engine.documents.decision_signing import sign_result
from engine.dossiers.resolution import resolve
from engine.errors import N_, DomainError
from engine.models import DossierPause, DossierStatus, Outcome, ReturnMethod, Role, RoleAssignment, User
from engine.notices.compose import applicant_notices, queue_notice
from engine.store.filing import file_received, file_results
from forms.results import result_values
from sla.deadlines import due_moment
from sla.handover import handover_due

if TYPE_CHECKING:
    from engine.dossiers.step import Step


class DiagramIncomplete(DomainError):
    """The diagram reached a behaviour without what it needs; `motcua procedures check` refuses such diagrams."""

    code = "diagram_incomplete"
    message = N_(
        "Quy trình của hồ sơ {dossier_code} đi tới «{behaviour}» mà chưa có {what}; sơ đồ quy trình cần sửa, "
        "đề nghị báo quản trị hệ thống."
    )


def computed(step: Step) -> dict[str, Any]:
    """What the engine computes in working time for the diagram, as of this step: until the dossier is received,
    `received_at`, `due_at` and `handover_due` as if it were received now; each contributor's deadline as if asked
    now (liên thông)."""
    dossier, at, calendar = step.dossier, step.at, step.calendar
    version = dossier.procedure_version
    data: dict[str, Any] = {}
    if dossier.received_at is None:
        with step.session.no_autoflush:  # reading the catalog's times must not write the dossier early
            processing_time = version.processing_time(dossier.channel)
        due = due_moment(calendar, at, processing_time, same_day_cutoff=version.same_day_cutoff)
        rule = step.runtime.settings.handover_rules.in_force(calendar.local(at).date())
        handover = handover_due(calendar, at, rule)
        data |= {"received_at": _iso(step, at), "due_at": _iso(step, due), "handover_due": _iso(step, handover)}
    if version.contributors:
        data["contributors"] = [_contributor(step, share) for share in version.contributors]
    return data


def kept_from(form: dict[str, Any]) -> dict[str, Any]:
    """What a completed form asks for, under the names the behaviours read: the supplementation asked for, the
    refusal proposed, the draft result, how the result goes back."""
    data: dict[str, Any] = {}
    if "supplement_note" in form:
        data["supplement"] = {"note": form["supplement_note"], "missing_documents": form.get("missing_documents", [])}
    if "refusal_reason" in form:
        data["refusal"] = {"reason": form["refusal_reason"]}
    if "draft_summary" in form:
        data["draft"] = {"summary": form["draft_summary"], "fields": result_values(form)}
    if "return_method" in form:
        data["return_method"] = form["return_method"]
    return data


def _contributor(step: Step, share: dict[str, Any]) -> dict[str, str]:
    """One agency asked for its part (liên thông), due after its own share of the time."""
    add = step.calendar.add_working_hours if share["unit"] == "working_hours" else step.calendar.add_working_days
    return {
        "agency": share["agency"],
        "department": share["department"],
        "due": _iso(step, add(step.at, share["amount"])),
    }


def _iso(step: Step, moment: datetime) -> str:
    return step.calendar.local(moment).isoformat()


def _needed(step: Step, data: dict[str, Any], name: str, behaviour: str, what: str) -> Any:
    if not data.get(name):
        raise DiagramIncomplete(dossier_code=step.dossier.code, behaviour=behaviour, what=what)
    return data[name]


def _local(step: Step, moment: datetime) -> datetime:
    return step.calendar.local(moment)


def _notify_applicant(step: Step, kind: str, **details: object) -> None:
    base_url = step.runtime.settings.public_url
    with step.session.no_autoflush:  # reading the catalog's documents and fees must not write the step early
        notices = applicant_notices(step.dossier, kind, step.at, base_url, **details)
    step.session.add_all(notices)


def _milestone(step: Step, action: str, reason: str = "", after: dict[str, Any] | None = None) -> None:
    record_event(step.session, action, step.at, dossier=step.dossier, result="system", reason=reason, after=after)


def supplement_requested(step: Step, data: dict[str, Any]) -> None:
    """Reception or the department asked for what is missing, once and completely; the clock stops if it runs."""
    request = _needed(step, data, "supplement", "supplement_requested", N_("nội dung cần bổ sung (supplement_note)"))
    names = {d.id: d.name for d in step.dossier.procedure_version.documents}
    missing = "; ".join(names.get(i, str(i)) for i in request["missing_documents"])
    step.dossier.status = DossierStatus.SUPPLEMENT_REQUESTED
    if step.dossier.received_at is not None:
        step.dossier.pauses.append(DossierPause(started_at=step.at, reason=request["note"]))
    _milestone(step, "supplement_requested", request["note"], after={"missing_documents": request["missing_documents"]})
    _notify_applicant(step, "supplement_requested", missing=missing, note=request["note"])


def dossier_received(step: Step, data: dict[str, Any]) -> None:
    """Complete and valid: the receipt moment, the appointment and the handover deadline are fixed."""
    dossier = step.dossier
    dossier.status = DossierStatus.RECEIVED
    dossier.received_at = datetime.fromisoformat(data["received_at"])
    dossier.due_at = datetime.fromisoformat(data["due_at"])
    dossier.handover_due_at = datetime.fromisoformat(data["handover_due"])
    file_received(step.session, dossier, step.at)
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


def _refused(behaviour: str, status: DossierStatus) -> Callable[[Step, dict[str, Any]], None]:
    def effect(step: Step, data: dict[str, Any]) -> None:
        reason = _needed(step, data, "refusal", behaviour, N_("lý do từ chối (refusal_reason)"))["reason"]
        step.dossier.status = status
        step.dossier.outcome = Outcome.REFUSED
        resolve(step.dossier, step.at, step.calendar)
        _milestone(step, "dossier_refused", reason)
        _notify_applicant(step, "dossier_refused", reason=reason)

    return effect


def decision_signed(step: Step, data: dict[str, Any]) -> None:
    """The leader who reached it signs the result with their own key, in this step."""
    if not step.pin:
        raise DiagramIncomplete(
            dossier_code=step.dossier.code, behaviour="decision_signed", what=N_("chữ ký số của lãnh đạo (bước sign)")
        )
    with step.session.no_autoflush:  # what it reads does not need its rows first: they go with the step's one flush
        sign_result(step, step.pin)
        step.dossier.status = DossierStatus.RESOLVED
        step.dossier.outcome = Outcome.GRANTED
        resolve(step.dossier, step.at, step.calendar)
        _milestone(step, "decision_signed")
        _notify_applicant(step, "result_ready")


def result_returned(step: Step, data: dict[str, Any]) -> None:
    step.dossier.status = DossierStatus.RESULT_RETURNED
    step.dossier.returned_at = step.at
    step.dossier.return_method = ReturnMethod(data.get("return_method") or step.dossier.return_method)
    issued = step.dossier.resolved_at or step.at
    file_results(step.session, step.dossier, step.at, _local(step, issued).date())
    _milestone(step, "result_returned")


def apology_approved(step: Step, data: dict[str, Any]) -> None:
    """The new appointment replaces the old one, once."""
    request = _needed(step, data, "apology", "apology_approved", N_("đề nghị xin lỗi, hẹn lại"))
    # Both appointments stay on the event: the apology (Mẫu 04) names the one it replaces and the new one.
    before = step.dossier.due_at
    moved = {"due_before": _iso(step, before) if before else None, "new_due": request["new_due"]}
    step.dossier.due_at = datetime.fromisoformat(request["new_due"])
    step.dossier.apology_count += 1
    _milestone(step, "apology_approved", request["reason"], after=moved)
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


EFFECTS: dict[str, Callable[[Step, dict[str, Any]], None]] = {
    "supplement_requested": supplement_requested,
    "dossier_received": dossier_received,
    "hand_over": handed_over,
    "handover_late": handover_late,
    "refused_at_reception": _refused("refused_at_reception", DossierStatus.NOT_RECEIVED),
    "refused_after_review": _refused("refused_after_review", DossierStatus.RESOLVED),
    "decision_signed": decision_signed,
    "result_returned": result_returned,
    "apology_approved": apology_approved,
    "dossier_stopped": _ended(DossierStatus.STOPPED, Outcome.STOPPED, "dossier_stopped"),
    "dossier_withdrawn": _ended(DossierStatus.WITHDRAWN, Outcome.WITHDRAWN, "dossier_withdrawn"),
}
