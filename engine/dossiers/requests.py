"""Steps asked for outside a task: the applicant's supplement and withdrawal, apology and stop requests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from engine.dossiers.applicant_view import supplement_request
from engine.dossiers.step import Step, StepResult
from engine.errors import N_, InvalidData, NotFound, StepNotAvailable
from engine.models import DossierFile, DossierStatus, FilePurpose, Role, SupplementMode, User
from engine.people.permissions import require_applicant, require_role
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from engine.uploads import Upload, check_upload, keep
from sla.deadlines import due_moment, pushed_by_pause

FINAL = {
    DossierStatus.NOT_RECEIVED,
    DossierStatus.WITHDRAWN,
    DossierStatus.STOPPED,
    DossierStatus.RESOLVED,
    DossierStatus.RESULT_RETURNED,
}


def begin_request(runtime: Runtime, uow: UnitOfWork, dossier_code: str, expected_version: int, actor_id: int) -> Step:
    """The dossier taken for a request outside a task's form, by its version, with the acting person."""
    actor = uow.session.get(User, actor_id)
    if actor is None:
        raise NotFound(what=N_("người dùng"))
    return Step.begin(runtime, uow.session, dossier_code, expected_version, actor)


def committed(uow: UnitOfWork, step: Step, reached: list[str]) -> StepResult:
    """Commit the request's step; what it reached and the dossier's new version."""
    uow.commit()
    return StepResult(step.dossier.code, step.dossier.version, tuple(reached))


def _deliver(step: Step, message: str, action: str, **kwargs: Any) -> None:
    if not step.deliver(message, **kwargs):
        raise StepNotAvailable(dossier_code=step.dossier.code, action=action)


def supplement(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    dossier_code: str,
    actor_id: int,
    expected_version: int,
    note: str = "",
    files: Mapping[int, Upload] | None = None,
) -> StepResult:
    """The applicant has supplied what was asked for: the clock resumes (or restarts) and the check comes back.

    `files` maps a requested document's id to its new file; online, every requested document needs one.
    """
    with uow:
        step = begin_request(runtime, uow, dossier_code, expected_version, actor_id)
        actor = step.actor
        dossier = step.dossier
        if actor.id != dossier.applicant_id:
            require_role(actor, (Role.RECEPTION_CLERK,), dossier.receiving_unit_id, N_("nhận hồ sơ bổ sung"))
        if dossier.status is not DossierStatus.SUPPLEMENT_REQUESTED:
            raise StepNotAvailable(dossier_code=dossier_code, action=N_("nhận bổ sung (hồ sơ không chờ bổ sung)"))
        _attach_supplements(step, files or {}, required=actor.id == dossier.applicant_id)
        _resume_clock(step)
        dossier.status = DossierStatus.PROCESSING if dossier.received_at else DossierStatus.NEW
        _deliver(step, "supplement_received", "nhận bổ sung")
        reached = step.finish("dossier_supplemented", reason=nfc(note.strip()))
        return committed(uow, step, reached)


def _attach_supplements(step: Step, files: Mapping[int, Upload], *, required: bool) -> None:
    """Keep each supplied file against the document it answers; every requested one must come, when `required`."""
    request = supplement_request(step.session, step.dossier)
    wanted = {d.id: d for d in request.documents} if request else {}
    errors = {f"document_{i}": "Thành phần hồ sơ: không thuộc yêu cầu bổ sung." for i in files if i not in wanted}
    if required:
        errors |= {f"document_{i}": f"{d.name}: chưa tải lên." for i, d in wanted.items() if i not in files}
    checked = {}
    for document_id, upload in files.items():
        if document_id in wanted:
            try:
                checked[document_id] = check_upload(upload, f"document_{document_id}", wanted[document_id].name)
            except InvalidData as invalid:
                errors |= invalid.errors
    if errors:
        raise InvalidData(errors)
    for document_id, file in checked.items():
        step.dossier.files.append(
            DossierFile(
                document_id=document_id,
                sha256=keep(step.runtime.files, step.session, file, step.at),
                filename=file.filename,
                purpose=FilePurpose.SUPPLEMENT,
                uploaded_by_id=step.actor.id,
                uploaded_at=step.at,
            )
        )


def _resume_clock(step: Step) -> None:
    """Close the pause; the due moment moves by the paused working time (`sla.deadlines.pushed_by_pause`), or counts
    anew from now."""
    dossier = step.dossier
    open_pauses = [p for p in dossier.pauses if p.ended_at is None]
    for pause in open_pauses:
        pause.ended_at = step.at
    if not open_pauses or dossier.due_at is None:
        return
    version = dossier.procedure_version
    if version.supplement_mode is SupplementMode.RESTART:
        dossier.due_at = due_moment(
            step.calendar, step.at, version.processing_time(dossier.channel), same_day_cutoff=version.same_day_cutoff
        )
    else:
        for pause in open_pauses:
            dossier.due_at = pushed_by_pause(step.calendar, dossier.due_at, pause.started_at, pause.ended_at)


def withdraw(
    runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, actor_id: int, expected_version: int, reason: str = ""
) -> StepResult:
    """The applicant withdraws their own dossier (rút hồ sơ) while it is not finished."""
    with uow:
        step = begin_request(runtime, uow, dossier_code, expected_version, actor_id)
        actor = step.actor
        require_applicant(actor, step.dossier, N_("rút hồ sơ này"))
        if step.dossier.status in FINAL:
            raise StepNotAvailable(dossier_code=dossier_code, action=N_("rút (hồ sơ đã kết thúc)"))
        _deliver(step, "withdrawal_requested", "rút")
        reached = step.finish("dossier_withdrawal_requested", reason=nfc(reason.strip()))
        return committed(uow, step, reached)


def request_apology(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    dossier_code: str,
    actor_id: int,
    expected_version: int,
    reason: str,
    new_due: datetime,
) -> StepResult:
    """The department asks to apologise and set a new appointment: once, and a working day before the due moment."""
    with uow:
        step = begin_request(runtime, uow, dossier_code, expected_version, actor_id)
        actor = step.actor
        dossier = step.dossier
        require_role(
            actor,
            (Role.SPECIALIST, Role.DEPARTMENT_LEADER),
            dossier.resolving_agency_id,
            N_("đề nghị xin lỗi và hẹn lại ngày trả kết quả"),
        )
        errors = {}
        if not nfc(reason.strip()):
            errors["reason"] = N_("Lý do: bắt buộc nhập.")
        if dossier.due_at is None or dossier.status in FINAL:
            raise StepNotAvailable(
                dossier_code=dossier_code, action=N_("xin lỗi, hẹn lại (hồ sơ chưa có hẹn hoặc đã xong)")
            )
        if dossier.apology_count:
            errors["new_due"] = N_("Ngày hẹn mới: ngày hẹn chỉ được điều chỉnh một lần.")
        elif step.calendar.working_days_between(step.at, dossier.due_at) < 1:
            errors["new_due"] = N_("Ngày hẹn mới: phải đề nghị chậm nhất một ngày làm việc trước ngày hẹn.")
        elif new_due <= dossier.due_at:
            errors["new_due"] = N_("Ngày hẹn mới: phải sau ngày hẹn hiện tại.")
        if errors:
            raise InvalidData(errors)
        request = {"reason": nfc(reason.strip()), "new_due": step.calendar.local(new_due).isoformat()}
        _deliver(step, "apology_requested", "xin lỗi, hẹn lại", key="apology", data=request)
        reached = step.finish("apology_requested", reason=request["reason"], after=request)
        return committed(uow, step, reached)


def request_stop(
    runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, actor_id: int, expected_version: int, reason: str
) -> StepResult:
    """The department proposes to stop handling the dossier (dừng xử lý); the agency leader decides."""
    with uow:
        step = begin_request(runtime, uow, dossier_code, expected_version, actor_id)
        actor = step.actor
        require_role(
            actor,
            (Role.SPECIALIST, Role.DEPARTMENT_LEADER),
            step.dossier.resolving_agency_id,
            N_("đề nghị dừng xử lý hồ sơ"),
        )
        if not nfc(reason.strip()):
            raise InvalidData({"reason": N_("Lý do: bắt buộc nhập.")})
        if step.dossier.status in FINAL:
            raise StepNotAvailable(dossier_code=dossier_code, action=N_("dừng xử lý (hồ sơ đã kết thúc)"))
        request = {"reason": nfc(reason.strip())}
        _deliver(step, "stop_requested", "dừng xử lý", key="stop", data=request)
        reached = step.finish("stop_requested", reason=request["reason"])
        return committed(uow, step, reached)
