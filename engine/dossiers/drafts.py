"""Online submission by the applicant: a draft with its declaration and files, then the dossier (nộp trực tuyến)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.catalog.fees import SUBMITTED_ONLINE, pays_online
from engine.catalog.procedures import current_version
from engine.documents.signatures import load_trust_roots, verify_signed_pdf
from engine.dossiers.results import AT_THE_AGENCY_ONLY
from engine.dossiers.step import StepResult
from engine.dossiers.submission import start_dossier
from engine.errors import InvalidData, NotAllowed, NotFound
from engine.models import (
    Agency,
    AgencyTier,
    ApplicantDocument,
    Channel,
    Dossier,
    DossierDeclaration,
    DossierFile,
    Draft,
    DraftFile,
    FilePurpose,
    Procedure,
    ProcedureDocument,
    ProcedureVersion,
    ReturnMethod,
    User,
    UserKind,
)
from engine.notices.compose import queue_notice
from engine.runtime import Runtime
from engine.store.shelf import usable_problem
from engine.uow import UnitOfWork
from engine.uploads import CheckedFile, Upload, check_upload, keep
from forms.validation import clean, coerce, validate

SIGNED_FIELD = "signed_declaration"
SIGNED_LABEL = "Tờ khai ký số"


def declaration_form(version: ProcedureVersion) -> str:
    """The declaration (tờ khai) form of a procedure: `forms/declaration_<slug>.json`."""
    return f"declaration_{version.procedure.slug}"


def receiving_units(session: Session, version: ProcedureVersion) -> list[Agency]:
    """The one-stop units that accept this procedure: communes for commune procedures, the others otherwise."""
    commune = version.implementing_level is AgencyTier.COMMUNE
    units = session.scalars(select(Agency).where(Agency.receives_dossiers).order_by(Agency.code))
    return [unit for unit in units if (unit.tier is AgencyTier.COMMUNE) == commune]


def version_in_force(runtime: Runtime, session: Session, procedure: str) -> ProcedureVersion | None:
    """The version a dossier submitted now starts with; the procedure by national code (1.001193) or slug."""
    slug = session.scalar(select(Procedure.slug).where(or_(Procedure.code == procedure, Procedure.slug == procedure)))
    return current_version(session, slug or "", runtime.calendar(session).local(runtime.clock.now()).date())


def my_drafts(session: Session, applicant_id: int) -> list[Draft]:
    return list(session.scalars(select(Draft).where(Draft.applicant_id == applicant_id).order_by(Draft.id.desc())))


def own_draft(session: Session, draft_id: int, applicant_id: int) -> Draft:
    """The applicant's own draft; someone else's is as good as missing."""
    draft = session.get(Draft, draft_id)
    if draft is None or draft.applicant_id != applicant_id:
        raise NotFound(what="hồ sơ nháp")
    return draft


def _applicant(session: Session, actor_id: int) -> User:
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active or actor.kind is not UserKind.APPLICANT:
        raise NotAllowed(action="nộp hồ sơ trực tuyến")
    return actor


def start_draft(runtime: Runtime, uow: UnitOfWork, *, procedure: str, actor_id: int) -> int:
    """A new, empty draft for the procedure in force today (by national code or slug); returns its id."""
    with uow:
        session = uow.session
        actor = _applicant(session, actor_id)
        at = runtime.clock.now()
        version = version_in_force(runtime, session, procedure)
        if version is None:
            raise NotFound(what=f"thủ tục {procedure} đang có hiệu lực")
        if version.online_level not in SUBMITTED_ONLINE:
            raise InvalidData({"procedure": "Thủ tục này chưa nhận hồ sơ trực tuyến."})
        units = receiving_units(session, version)
        draft = Draft(
            applicant_id=actor.id,
            procedure_version=version,
            receiving_unit=units[0] if len(units) == 1 else None,
            created_at=at,
            updated_at=at,
        )
        session.add(draft)
        session.flush()
        uow.commit()
        return draft.id


def update_draft(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    draft_id: int,
    actor_id: int,
    receiving_unit: str,
    return_method: str,
    declaration: dict[str, Any],
    files: Mapping[int, Upload] | None = None,
    from_store: Mapping[int, int] | None = None,
    signed: Upload | None = None,
    submitting: bool = False,
) -> None:
    """Keep what the applicant typed and uploaded so far, all or nothing; completeness waits for submission.

    `files` maps a required document's id to its file (a new file replaces the old one); `from_store` maps one to a
    document of the applicant's store, attached without uploading again (a file uploaded with it wins); `signed` is the
    level-4 declaration as a digitally signed PDF, verified before it is kept. When the applicant is `submitting`,
    a refusal also names what submission would miss, so that one answer lists every field to fix.
    """
    with uow:
        session = uow.session
        draft = own_draft(session, draft_id, _applicant(session, actor_id).id)
        version = draft.procedure_version
        at = runtime.clock.now()
        errors = {}
        units = {unit.code: unit for unit in receiving_units(session, version)}
        if receiving_unit and receiving_unit not in units:
            errors["receiving_unit"] = "Nơi nộp hồ sơ: đơn vị này không tiếp nhận thủ tục đã chọn."
        if return_method not in ReturnMethod.__members__.values():
            errors["return_method"] = "Hình thức nhận kết quả: giá trị không hợp lệ."
        elif ReturnMethod(return_method) not in version.return_methods:
            errors["return_method"] = AT_THE_AGENCY_ONLY
        documents = {d.id: d for d in version.documents}
        checked = {}
        for document_id, upload in (files or {}).items():
            field = f"document_{document_id}"
            if document_id not in documents:
                errors[field] = "Thành phần hồ sơ: không thuộc thủ tục này."
                continue
            try:
                checked[document_id] = check_upload(upload, field, documents[document_id].name)
            except InvalidData as invalid:
                errors |= invalid.errors
        chosen, refused = _from_store(session, draft, documents, from_store or {}, set(checked) | set(errors), runtime)
        errors |= refused
        signature = None
        if signed is not None:
            try:
                signature = _verified_signature(runtime, version, signed, at)
            except InvalidData as invalid:
                errors |= invalid.errors
        if errors:
            if submitting:
                present = {f.document_id for f in draft.files} | set(files or {})
                errors = (
                    _incomplete(version, coerce(declaration_form(version), declaration), receiving_unit, present)
                    | errors
                )
            raise InvalidData(errors)
        form = declaration_form(version)
        draft.receiving_unit = units.get(receiving_unit)
        draft.return_method = ReturnMethod(return_method)
        draft.declaration = clean(form, coerce(form, declaration))
        for document_id, file in checked.items():
            draft.files = [f for f in draft.files if f.document_id != document_id]
            sha256 = keep(runtime.files, session, file, at)
            draft.files.append(
                DraftFile(document_id=document_id, sha256=sha256, filename=file.filename, uploaded_at=at)
            )
        for document_id, stored in chosen.items():
            draft.files = [f for f in draft.files if f.document_id != document_id]
            draft.files.append(
                DraftFile(
                    document_id=document_id,
                    sha256=stored.sha256,
                    filename=stored.filename,
                    uploaded_at=at,
                    store_document_id=stored.id,
                )
            )
        if signature is not None:
            file, draft.signer = signature
            draft.signed_sha256 = keep(runtime.files, session, file, at)
            draft.signed_filename = file.filename
        draft.updated_at = at
        uow.commit()


def _verified_signature(
    runtime: Runtime, version: ProcedureVersion, upload: Upload, at: datetime
) -> tuple[CheckedFile, str]:
    """Level 4 only: a PDF whose digital signature pyHanko verifies; returns it with the signer's name."""
    if not pays_online(version):
        raise InvalidData({SIGNED_FIELD: f"{SIGNED_LABEL}: chỉ áp dụng cho thủ tục trực tuyến toàn trình."})
    checked = check_upload(upload, SIGNED_FIELD, SIGNED_LABEL)
    if checked.media_type != "application/pdf":
        raise InvalidData({SIGNED_FIELD: f"{SIGNED_LABEL}: phải là tệp PDF có chữ ký số."})
    roots = load_trust_roots(runtime.settings.trust_roots)
    return checked, verify_signed_pdf(checked.content, roots, at, SIGNED_FIELD, SIGNED_LABEL)


def remove_file(runtime: Runtime, uow: UnitOfWork, *, draft_id: int, actor_id: int, file_id: int) -> None:
    with uow:
        session = uow.session
        draft = own_draft(session, draft_id, _applicant(session, actor_id).id)
        draft.files = [f for f in draft.files if f.id != file_id]
        draft.updated_at = runtime.clock.now()
        uow.commit()


def discard_draft(runtime: Runtime, uow: UnitOfWork, *, draft_id: int, actor_id: int) -> None:
    with uow:
        session = uow.session
        session.delete(own_draft(session, draft_id, _applicant(session, actor_id).id))
        uow.commit()


def _incomplete(
    version: ProcedureVersion, declaration: dict[str, Any], receiving_unit: str, uploaded: set[int]
) -> dict[str, str]:
    """What submission refuses, field by field: the declaration's rules, the receiving unit, required documents."""
    errors = validate(declaration_form(version), declaration)
    if not receiving_unit:
        errors["receiving_unit"] = "Nơi nộp hồ sơ: bắt buộc chọn."
    for document in version.documents:
        if document.required and document.kept and document.id not in uploaded:
            errors[f"document_{document.id}"] = f"{document.name}: chưa tải lên."
    return errors


def _from_store(
    session: Session,
    draft: Draft,
    documents: dict[int, ProcedureDocument],
    choices: Mapping[int, int],
    settled: set[int | str],
    runtime: Runtime,
) -> tuple[dict[int, ApplicantDocument], dict[str, str]]:
    """The stored documents chosen for the draft's documents, and the refused choices by field; a document `settled`
    by an upload (or its refusal) keeps it."""
    chosen, errors = {}, {}
    for document_id, stored_id in choices.items():
        field = f"document_{document_id}"
        if document_id in settled or field in settled:
            continue
        if document_id not in documents:
            errors[field] = "Thành phần hồ sơ: không thuộc thủ tục này."
            continue
        stored = session.get(ApplicantDocument, stored_id)
        if problem := usable_problem(stored, draft.applicant_id, documents[document_id], runtime.today()):
            errors[field] = problem
        else:
            chosen[document_id] = stored
    return chosen, errors


def _unusable_from_store(runtime: Runtime, draft: Draft) -> dict[str, str]:
    """The documents taken from the store that may no longer be used: hidden or expired since they were chosen."""
    today = runtime.today()
    return {
        f"document_{f.document_id}": problem
        for f in draft.files
        if f.store_document_id is not None
        and (problem := usable_problem(f.store_document, draft.applicant_id, f.document, today))
    }


@dataclass(frozen=True)
class Submitted:
    """The dossier just submitted, and what the applicant must still do on paper."""

    dossier_code: str
    version: int
    signed: bool
    pays_online: bool


def submit_draft(runtime: Runtime, uow: UnitOfWork, *, draft_id: int, actor_id: int) -> Submitted:
    """The draft becomes a dossier with its code, files and declaration, in one transaction; the draft is gone."""
    with uow:
        session = uow.session
        actor = _applicant(session, actor_id)
        draft = own_draft(session, draft_id, actor.id)
        version = draft.procedure_version
        form = declaration_form(version)
        uploaded = {f.document_id for f in draft.files}
        receiving_unit = draft.receiving_unit.code if draft.receiving_unit else ""
        errors = _incomplete(version, draft.declaration, receiving_unit, uploaded) | _unusable_from_store(
            runtime, draft
        )
        if errors:
            raise InvalidData(errors)
        result: StepResult = start_dossier(
            runtime,
            session,
            procedure=version.procedure.slug,
            receiving_unit=draft.receiving_unit.code,
            channel=Channel.ONLINE,
            actor_id=actor.id,
            return_method=draft.return_method,
        )
        dossier = session.scalar(select(Dossier).where(Dossier.code == result.dossier_code))
        at = runtime.clock.now()
        kept = [(f.document_id, f.sha256, f.filename, f.uploaded_at, f.store_document_id) for f in draft.files]
        if draft.signed_sha256:
            kept.append((None, draft.signed_sha256, draft.signed_filename, at, None))
        for document_id, sha256, filename, uploaded_at, store_document_id in kept:
            dossier.files.append(
                DossierFile(
                    document_id=document_id,
                    sha256=sha256,
                    filename=filename,
                    purpose=FilePurpose.SUBMITTED,
                    uploaded_by_id=actor.id,
                    uploaded_at=uploaded_at,
                    store_document_id=store_document_id,
                )
            )
        session.add(
            DossierDeclaration(
                dossier_id=dossier.id,
                form=form,
                data=draft.declaration,
                signer=draft.signer,
                signed_sha256=draft.signed_sha256,
            )
        )
        online = pays_online(version)
        if online and not draft.signed_sha256:
            notice = queue_notice(dossier, "copies_by_post", dossier.applicant_email, at)
            if notice is not None:
                session.add(notice)
        session.delete(draft)
        uow.commit()
        return Submitted(result.dossier_code, result.version, bool(draft.signed_sha256), online)


def declaration_of(session: Session, dossier: Dossier) -> DossierDeclaration | None:
    return session.get(DossierDeclaration, dossier.id)
