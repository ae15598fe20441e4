"""What a calling system reads and submits: dossiers of its own agencies only, through the portal's own services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.api_clients.scopes import ClientIdentity, Operation
from engine.dossiers.step import StepResult
from engine.dossiers.submission import Applicant, submit
from engine.dossiers.task_view import StepName
from engine.errors import N_, NotAllowed, NotFound
from engine.models import (
    Channel,
    Dossier,
    DossierFile,
    FilePurpose,
    IssuedDocument,
    Procedure,
    ReturnMethod,
    TaskRow,
    TaskState,
    User,
)
from engine.people.permissions import may_see_dossier
from engine.runtime import Runtime
from engine.uow import UnitOfWork
from engine.uploads import Upload


def client_dossier(session: Session, client: ClientIdentity, code: str, operation: Operation) -> Dossier:
    """The dossier, when the client may use `operation` and the dossier belongs to one of its agencies; another
    agency's dossier is as good as missing."""
    client.require(operation)
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if (
        dossier is None
        or not client.covers(dossier.receiving_unit.code, dossier.resolving_agency.code)
        or not may_see_dossier(session, session.get(User, client.user_id), dossier)
    ):
        raise NotFound(what=f"hồ sơ {code}")
    return dossier


def open_steps(session: Session, dossier: Dossier) -> list[StepName]:
    """Where the dossier is now: its open tasks as the diagram names them."""
    rows = session.scalars(
        select(TaskRow).where(TaskRow.dossier_id == dossier.id, TaskRow.state == TaskState.OPEN).order_by(TaskRow.id)
    )
    return [StepName(row.title, row.title_en, row.behaviour) for row in rows]


@dataclass(frozen=True)
class ResultDocument:
    """A document issued to the applicant (kết quả), or a file of the result."""

    file_id: int
    kind: str
    filename: str
    issued_at: datetime


def results(session: Session, dossier: Dossier) -> list[ResultDocument]:
    """The official documents issued for the dossier and the files of its result, oldest first."""
    issued = session.scalars(
        select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id).order_by(IssuedDocument.id)
    )
    found = [ResultDocument(doc.file_id, doc.kind, doc.file.filename, doc.issued_at) for doc in issued]
    listed = {document.file_id for document in found}
    found += [
        ResultDocument(file.id, FilePurpose.RESULT.value, file.filename, file.uploaded_at)
        for file in dossier.files
        if file.purpose is FilePurpose.RESULT and file.id not in listed
    ]
    return found


def result_file(session: Session, client: ClientIdentity, code: str, file_id: int) -> DossierFile:
    """One of the dossier's result files, for a client that may read its results."""
    dossier = client_dossier(session, client, code, Operation.RESULTS_READ)
    if not any(document.file_id == file_id for document in results(session, dossier)):
        raise NotFound(what=N_("tệp"))
    return session.get(DossierFile, file_id)


def submit_for_client(
    runtime: Runtime,
    uow: UnitOfWork,
    client: ClientIdentity,
    *,
    procedure: str,
    receiving_unit: str,
    applicant: Applicant,
    return_method: ReturnMethod,
    files: Sequence[Upload],
) -> StepResult:
    """A dossier received for one of the client's units, as a counter dossier typed by the client's account."""
    client.require(Operation.DOSSIERS_SUBMIT)
    if not client.covers(receiving_unit):
        raise NotAllowed(action=N_("nộp hồ sơ tại đơn vị tiếp nhận này"))
    with runtime.unit_of_work() as read:
        slug = read.session.scalar(
            select(Procedure.slug).where(or_(Procedure.code == procedure, Procedure.slug == procedure))
        )
    return submit(
        runtime,
        uow,
        procedure=slug or procedure,
        receiving_unit=receiving_unit,
        channel=Channel.COUNTER,
        actor_id=client.user_id,
        applicant=applicant,
        return_method=return_method,
        files=files,
    )
