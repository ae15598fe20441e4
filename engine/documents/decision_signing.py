"""The sign step (ký ban hành): the result the leader was shown, numbered in the agency's register, dated, and
signed with the leader's own key; the shown bytes stay the signed file's first revision."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from engine.documents.certificates import active_certificate
from engine.documents.mark_fonts import MissingGlyphs
from engine.documents.marks import overlay_first_page
from engine.documents.previews import kept_preview
from engine.documents.register import Entry, register
from engine.documents.signatures import sign_pdf
from engine.dossiers.attachments import attach_issued
from engine.errors import N_, InvalidData, Phrase
from engine.models import Dossier, FilePurpose
from engine.text import unaccented
from forms.results import subject_of

if TYPE_CHECKING:
    from engine.dossiers.step import Step

UNPRINTABLE_MARK = N_(
    "Không in được số và ngày ban hành lên văn bản: phông chữ của văn bản không có chữ «{letters}» (trong tên cơ quan "
    "hoặc địa danh). Đề nghị quản trị hệ thống sửa tên; văn bản chưa được ký."
)


def sign_result(step: Step, pin: str) -> None:
    """Number, date and sign the shown result in the step's transaction; a wrong PIN raises before anything is kept,
    and the number it took goes back with the rolled-back step."""
    leader, dossier, session = step.actor, step.dossier, step.session
    certificate = active_certificate(session, leader.id)
    if certificate is None:
        raise InvalidData({"pin": "Bạn chưa có chứng thư số: đề nghị quản trị hệ thống tải lên tệp PKCS#12 của bạn."})
    if not certificate.not_before <= step.at <= certificate.not_after:
        raise InvalidData({"pin": "Chứng thư số của bạn chưa có hiệu lực hoặc đã hết hạn."})
    preview = kept_preview(session, step.task_id)
    if preview is None:
        raise InvalidData({"decision": N_("Hãy xem văn bản trước khi ký: chỉ ký văn bản đã được hiển thị.")})
    shown = step.runtime.files.read(preview.sha256)
    if hashlib.sha256(shown).hexdigest() != preview.sha256:
        raise InvalidData({"decision": N_("Văn bản xem trước đã bị thay đổi sau khi hiển thị: không ký được.")})
    result = dossier.procedure_version.result
    title = result.get("title", "QUYẾT ĐỊNH")
    line = register(
        session,
        dossier.resolving_agency,
        Entry(result.get("symbol", "QĐ"), title, summary_of(dossier), dossier.applicant_name),
        signer=leader,
        at=step.at,
        tz=step.runtime.tz,
        dossier_id=dossier.id,
    )
    try:
        marked = overlay_first_page(shown, step.runtime.render_result.mark(dossier, line.reference, step.at))
    except MissingGlyphs as error:
        raise InvalidData({"decision": Phrase.of(UNPRINTABLE_MARK, letters=error.letters)}) from error
    signed = sign_pdf(
        marked,
        certificate.pkcs12,
        pin,
        at=step.at,
        signer_name=leader.full_name,
        reason=f"Ký ban hành {line.reference} — hồ sơ {dossier.code}",
        location=dossier.resolving_agency.name,
    )
    issued = attach_issued(
        session,
        step.runtime.files,
        dossier,
        kind="decision",
        document_set=dossier.rule_set,
        content=signed,
        filename=f"ket-qua-{unaccented(line.reference).replace('/', '-')}-{dossier.code}.pdf",
        purpose=FilePurpose.RESULT,
        actor=leader,
        at=step.at,
        certificate_id=certificate.id,
    )
    line.issued_document = issued
    dossier.result_summary = f"{title.capitalize()} số {line.reference}"


def summary_of(dossier: Dossier) -> str:
    """The register's trích yếu: what the document is, and about whom or what."""
    subject = subject_of(dossier.procedure_version.result, dossier.result_draft)
    about = f"{subject[0]}: {subject[1]}" if subject else dossier.applicant_name
    return f"{dossier.procedure_version.name_vi} — {about}"
