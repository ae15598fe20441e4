"""The sign step (ký quyết định): the decision rendered from its template, signed with the leader's own key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.documents.certificates import active_certificate
from engine.documents.signatures import sign_pdf
from engine.dossiers.attachments import attach_issued
from engine.errors import InvalidData
from engine.models import FilePurpose

if TYPE_CHECKING:
    from engine.dossiers.step import Step


def sign_decision(step: Step, pin: str, summary: str) -> None:
    """Render, sign and attach the decision in the step's transaction; a wrong PIN raises before anything is kept."""
    leader = step.actor
    certificate = active_certificate(step.session, leader.id)
    if certificate is None:
        raise InvalidData({"pin": "Bạn chưa có chứng thư số: đề nghị quản trị hệ thống tải lên tệp PKCS#12 của bạn."})
    if not certificate.not_before <= step.at <= certificate.not_after:
        raise InvalidData({"pin": "Chứng thư số của bạn chưa có hiệu lực hoặc đã hết hạn."})
    render = step.runtime.render_decision
    if render is None:
        raise RuntimeError("no decision renderer is wired into the runtime")
    dossier = step.dossier
    unsigned = render(step.session, dossier, step.at, leader, summary)
    signed = sign_pdf(
        unsigned,
        certificate.pkcs12,
        pin,
        at=step.at,
        signer_name=leader.full_name,
        reason=f"Ký ban hành kết quả giải quyết hồ sơ {dossier.code}",
        location=dossier.resolving_agency.name,
    )
    attach_issued(
        step.session,
        step.runtime.files,
        dossier,
        kind="decision",
        document_set=dossier.rule_set,
        content=signed,
        filename=f"ket-qua-{dossier.code}.pdf",
        purpose=FilePurpose.RESULT,
        actor=leader,
        at=step.at,
        certificate_id=certificate.id,
    )
