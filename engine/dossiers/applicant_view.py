"""What an applicant may read of their own dossier: the dossier, the open supplementation request, the results."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.models import Dossier, DossierFile, DossierStatus, Event, FilePurpose, ProcedureDocument, User
from engine.people.permissions import require_applicant


def own_dossier(session: Session, code: str, user_id: int, action: str = "xem hồ sơ này") -> Dossier:
    """The dossier, if it is the signed-in applicant's own (NotFound, or NotAllowed for someone else's)."""
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    user = session.get(User, user_id)
    if dossier is None or user is None:
        raise NotFound(what=f"hồ sơ {code}")
    require_applicant(user, dossier, action)
    return dossier


@dataclass(frozen=True)
class SupplementRequest:
    """What the dossier waits for: the documents named as missing and the reason given."""

    documents: list[ProcedureDocument]
    note: str


def supplement_request(session: Session, dossier: Dossier) -> SupplementRequest | None:
    """The open request (yêu cầu bổ sung), from the milestone the request left in the event log."""
    if dossier.status is not DossierStatus.SUPPLEMENT_REQUESTED:
        return None
    event = session.scalar(
        select(Event)
        .where(Event.dossier_id == dossier.id, Event.action == "supplement_requested")
        .order_by(Event.id.desc())
        .limit(1)
    )
    if event is None:
        return None
    wanted = set((event.after or {}).get("missing_documents", []))
    documents = [d for d in dossier.procedure_version.documents if d.id in wanted]
    return SupplementRequest(documents, event.reason)


def result_files(dossier: Dossier) -> list[DossierFile]:
    return [f for f in dossier.files if f.purpose is FilePurpose.RESULT]
