"""Submitting a dossier, online by its applicant or at the counter by a reception clerk (tiếp nhận trực tiếp)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.procedures import current_version
from engine.dossiers.codes import issue_dossier_code
from engine.dossiers.files import attach, check_uploads
from engine.dossiers.step import Step, StepResult
from engine.errors import N_, InvalidData, NotFound
from engine.models import (
    Agency,
    AgencyTier,
    Channel,
    Department,
    Dossier,
    DossierStatus,
    FilePurpose,
    ReturnMethod,
    Role,
    User,
    WorkflowInstance,
)
from engine.notices.compose import applicant_notices
from engine.people.permissions import require_role
from engine.runtime import Runtime
from engine.text import fold, nfc
from engine.uow import UnitOfWork
from engine.uploads import Upload
from engine.workflow import definitions, instances
from engine.workflow.scripting import DossierScriptEngine

RULE_SET = "nd118-2025"  # Decree 118/2025/NĐ-CP with Circular 03/2025/TT-VPCP, in force since 1 July 2025


@dataclass(frozen=True)
class Applicant:
    """The applicant as written on the dossier (for counter dossiers, as the clerk typed it)."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def submit(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    procedure: str,
    receiving_unit: str,
    channel: Channel,
    actor_id: int,
    applicant: Applicant | None = None,
    return_method: ReturnMethod = ReturnMethod.COUNTER,
    files: Sequence[Upload] = (),
) -> StepResult:
    """A new dossier with its code, its files, its workflow started and the reception check waiting in the inbox."""
    with uow:
        result = start_dossier(
            runtime,
            uow.session,
            procedure=procedure,
            receiving_unit=receiving_unit,
            channel=channel,
            actor_id=actor_id,
            applicant=applicant,
            return_method=return_method,
            files=files,
        )
        uow.commit()
        return result


def start_dossier(
    runtime: Runtime,
    session: Session,
    *,
    procedure: str,
    receiving_unit: str,
    channel: Channel,
    actor_id: int,
    applicant: Applicant | None = None,
    return_method: ReturnMethod = ReturnMethod.COUNTER,
    files: Sequence[Upload] = (),
) -> StepResult:
    """`submit` inside a transaction the caller commits (online submission adds its files in the same one)."""
    at = runtime.clock.now()
    actor = session.get(User, actor_id)
    if actor is None:
        raise NotFound(what=N_("người dùng"))
    unit = session.scalar(select(Agency).where(Agency.code == receiving_unit, Agency.receives_dossiers))
    if unit is None:
        raise InvalidData({"receiving_unit": N_("Nơi tiếp nhận: không phải bộ phận một cửa.")})
    if channel is Channel.COUNTER:
        require_role(actor, (Role.RECEPTION_CLERK,), unit.id, N_("tiếp nhận hồ sơ tại bộ phận một cửa này"))
        person = _typed(applicant)
    else:
        person = Applicant(
            actor.full_name, actor.id_number or actor.tax_code or "", actor.phone, actor.email or "", actor.address
        )
    calendar = runtime.calendar(session)
    version = current_version(session, procedure, calendar.local(at).date())
    if version is None:
        raise NotFound(what=f"thủ tục {procedure} đang có hiệu lực")
    if (version.implementing_level is AgencyTier.COMMUNE) != (unit.tier is AgencyTier.COMMUNE):
        raise InvalidData({"receiving_unit": N_("Nơi tiếp nhận: thủ tục này không tiếp nhận tại đơn vị đã chọn.")})
    checked, errors = check_uploads(list(files), {document.id: document.name for document in version.documents})
    if errors:
        raise InvalidData(errors)
    resolving = version.handling_agency or unit
    department = session.scalar(
        select(Department).where(Department.agency_id == resolving.id, Department.code == version.department_code)
    )
    dossier = Dossier(
        code=issue_dossier_code(session, unit.code, at, runtime.tz),
        procedure_version=version,
        rule_set=RULE_SET,
        channel=channel,
        status=DossierStatus.NEW,
        receiving_unit=unit,
        resolving_agency=resolving,
        department=department,
        applicant_id=actor.id if channel is Channel.ONLINE else None,
        applicant_name=person.name,
        applicant_name_folded=fold(person.name),
        applicant_id_number=person.id_number,
        applicant_phone=person.phone,
        applicant_email=person.email,
        applicant_address=person.address,
        submitted_at=at,
        updated_at=at,
        return_method=return_method,
    )
    session.add(dossier)
    attach(session, runtime.files, dossier, checked, FilePurpose.SUBMITTED, actor, at)
    session.flush()
    definition = definitions.deployed(session, version.process_key, version.process_version)
    workflow = instances.start(
        definition,
        {"dossier": {"code": dossier.code, "procedure": procedure, "channel": channel.value}},
        DossierScriptEngine(runtime.clock, calendar),
    )
    instance = WorkflowInstance(
        process_definition=definition, dossier_id=dossier.id, state="", serializer_version="", updated_at=at
    )
    session.add(instance)  # inserted with its first state by the step's one flush
    step = Step(runtime, session, instance, workflow, calendar, at, actor, dossier, ready_before=set())
    reached = step.finish(
        "dossier_submitted", after={"channel": channel.value, "procedure": procedure, "files": len(files)}
    )
    session.add_all(applicant_notices(dossier, "dossier_submitted", at, runtime.settings.public_url, unit=unit))
    return StepResult(dossier.code, dossier.version, tuple(reached))


def _typed(applicant: Applicant | None) -> Applicant:
    """The clerk's typing, trimmed and in NFC; the name is required."""
    if applicant is None or not applicant.name.strip():
        raise InvalidData({"applicant_name": N_("Họ tên người nộp: bắt buộc nhập.")})
    return Applicant(
        *(
            nfc(value.strip())
            for value in (applicant.name, applicant.id_number, applicant.phone, applicant.email, applicant.address)
        )
    )
