"""Online submission (nộp hồ sơ trực tuyến): start a draft, fill the declaration, upload files, submit, supplement."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engine.catalog.agencies import next_reception
from engine.catalog.fees import fee_lines, online_amount, pays_online
from engine.dossiers import drafts
from engine.dossiers.applicant_view import supplement_request
from engine.dossiers.requests import supplement
from engine.errors import DomainError
from engine.models import ProcedureVersion
from engine.store.shelf import offers
from engine.uploads import MAX_UPLOAD_MB
from forms.validation import load_form
from webapp.applicant import (
    RETURN_METHODS,
    Attempt,
    applicant_required,
    attempt,
    document_uploads,
    my_dossier,
    read_upload,
    status_of,
    store_choices,
)
from webapp.limits import limiter
from webapp.numbers import int_field

bp = Blueprint("submission", __name__)


@bp.route("/my/dossiers/new/<procedure>", methods=["GET", "POST"])
@applicant_required
def new(procedure: str) -> ResponseReturnValue:
    """What the procedure asks for and costs; posting starts a draft."""
    rt = current_app.extensions["motcua"]
    if request.method == "POST":
        started = attempt(
            lambda: drafts.start_draft(rt, rt.unit_of_work(), procedure=procedure, actor_id=current_user.id)
        )
        if not started.done:
            flash(" ".join(started.errors.values()), "error")
            return redirect(url_for("submission.new", procedure=procedure)), 303
        return redirect(url_for("submission.draft", draft_id=started.value)), 303
    with rt.unit_of_work() as uow:
        session = uow.session
        version = drafts.version_in_force(rt, session, procedure)
        if version is None:
            abort(404)
        mine = [d for d in drafts.my_drafts(session, current_user.id) if d.procedure_version.id == version.id]
        return render_template(
            "portal/new.html", version=version, drafts=mine, fees=fee_lines(version), pays_online=pays_online(version)
        )


@bp.route("/my/drafts")
@applicant_required
def drafts_list() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        return render_template("portal/drafts.html", drafts=drafts.my_drafts(uow.session, current_user.id), tz=rt.tz)


@bp.route("/my/drafts/<int:draft_id>", methods=["GET", "POST"])
@applicant_required
@limiter.limit("60 per minute", methods=["POST"])
def draft(draft_id: int) -> ResponseReturnValue:
    """The declaration form and one upload per document; save as a draft, submit, or discard."""
    rt = current_app.extensions["motcua"]
    outcome = Attempt()
    action = request.form.get("action", "save")
    if request.method == "POST" and action == "discard":
        return _discard(draft_id)
    if request.method == "POST":
        outcome = attempt(lambda: _save(draft_id, submitting=action == "submit"))
        if outcome.done and action == "submit":
            outcome = attempt(
                lambda: drafts.submit_draft(rt, rt.unit_of_work(), draft_id=draft_id, actor_id=current_user.id)
            )
            if outcome.done:
                return redirect(url_for("submission.submitted", code=outcome.value.dossier_code)), 303
        elif outcome.done:
            flash(_("Đã lưu hồ sơ nháp."), "info")
            return redirect(url_for("submission.draft", draft_id=draft_id)), 303
    with rt.unit_of_work() as uow:
        session = uow.session
        try:
            current = drafts.own_draft(session, draft_id, current_user.id)
        except DomainError:
            abort(404)
        version = current.procedure_version
        return render_template(
            "portal/draft.html",
            draft=current,
            version=version,
            form=load_form(drafts.declaration_form(version)),
            values=request.form if request.method == "POST" else current.declaration,
            units=drafts.receiving_units(session, version),
            uploaded={f.document_id: f for f in current.files},
            offered=offers(session, current_user.id, version.documents, rt.today()),
            fees=fee_lines(version),
            amount=online_amount(version),
            pays_online=pays_online(version),
            return_methods={m.value: RETURN_METHODS[m.value] for m in version.return_methods},
            errors=outcome.errors,
            max_mb=MAX_UPLOAD_MB,
            signed_field=drafts.SIGNED_FIELD,
        ), outcome.status


def _save(draft_id: int, *, submitting: bool) -> None:
    """Everything the draft form posts, in one service call."""
    rt = current_app.extensions["motcua"]
    form = load_form(drafts.declaration_form(_version_of(draft_id)))
    drafts.update_draft(
        rt,
        rt.unit_of_work(),
        draft_id=draft_id,
        actor_id=current_user.id,
        receiving_unit=request.form.get("receiving_unit", ""),
        return_method=request.form.get("return_method", "counter"),
        declaration={name: request.form.get(name, "") for name in form["properties"]},
        files=document_uploads(request.files),
        from_store=store_choices(request.form),
        signed=read_upload(request.files.get(drafts.SIGNED_FIELD)),
        submitting=submitting,
    )


def _version_of(draft_id: int) -> ProcedureVersion:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            version = drafts.own_draft(uow.session, draft_id, current_user.id).procedure_version
        except DomainError:
            abort(404)
        version.procedure  # noqa: B018 - loaded before the session closes
        return version


def _discard(draft_id: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        drafts.discard_draft(rt, rt.unit_of_work(), draft_id=draft_id, actor_id=current_user.id)
    except DomainError as error:
        abort(status_of(error))
    flash(_("Đã xóa hồ sơ nháp."), "info")
    return redirect(url_for("submission.drafts_list")), 303


@bp.route("/my/drafts/<int:draft_id>/files/<int:file_id>/delete", methods=["POST"])
@applicant_required
def delete_file(draft_id: int, file_id: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        drafts.remove_file(rt, rt.unit_of_work(), draft_id=draft_id, actor_id=current_user.id, file_id=file_id)
    except DomainError as error:
        abort(status_of(error))
    return redirect(url_for("submission.draft", draft_id=draft_id)), 303


@bp.route("/my/dossiers/<code>/submitted")
@applicant_required
def submitted(code: str) -> ResponseReturnValue:
    """The dossier code at once, and what is left to do: pay, post certified copies, bring the originals."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        version = dossier.procedure_version
        declaration = drafts.declaration_of(uow.session, dossier)
        opens = next_reception(rt, uow.session, dossier.receiving_unit, dossier.submitted_at)
        return render_template(
            "portal/submitted.html",
            dossier=dossier,
            signed=bool(declaration and declaration.signer),
            pays_online=pays_online(version),
            amount=online_amount(version),
            tz=rt.tz,
            opens=opens if opens != dossier.submitted_at else None,  # sent outside the unit's reception hours
        )


@bp.route("/my/dossiers/<code>/supplement", methods=["GET", "POST"])
@applicant_required
@limiter.limit("30 per minute", methods=["POST"])
def supplement_page(code: str) -> ResponseReturnValue:
    """Exactly what is missing and why; the applicant uploads it and the dossier goes back to whoever asked."""
    rt = current_app.extensions["motcua"]
    outcome = Attempt()
    if request.method == "POST":
        outcome = attempt(
            lambda: supplement(
                rt,
                rt.unit_of_work(),
                dossier_code=code,
                actor_id=current_user.id,
                expected_version=int_field(request.form, "version", 0),
                note=request.form.get("note", "")[:2000],
                files=document_uploads(request.files),
            )
        )
        if outcome.done:
            flash(_("Đã gửi bổ sung hồ sơ %(code)s.", code=code), "info")
            return redirect(url_for("submission.supplement_page", code=code)), 303
    with rt.unit_of_work() as uow:
        dossier = my_dossier(uow.session, code)
        return render_template(
            "portal/supplement.html",
            dossier=dossier,
            wanted=supplement_request(uow.session, dossier),
            errors=outcome.errors,
            max_mb=MAX_UPLOAD_MB,
        ), outcome.status
