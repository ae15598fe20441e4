"""The applicant's page «Kho dữ liệu của tôi»: the documents the state holds of them, to download, hide or show."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from engine.errors import DomainError
from engine.models import ApplicantDocument, DocumentOrigin
from engine.store.shelf import my_documents, own_document, set_hidden
from webapp.applicant import applicant_required, status_of
from webapp.downloads import system_pdf, uploaded_file

bp = Blueprint("store", __name__)


@bp.route("/my/documents")
@applicant_required
def index() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        documents = my_documents(uow.session, current_user.id)
        return render_template(
            "portal/store.html",
            shown=[d for d in documents if d.hidden_at is None],
            hidden=[d for d in documents if d.hidden_at is not None],
            today=rt.today(),
            tz=rt.tz,
        )


@bp.route("/my/documents/<int:document_id>/file")
@applicant_required
def download(document_id: int) -> ResponseReturnValue:
    """The stored file, to its owner only; a result as the PDF the agency signed, a scan as an attachment."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        document = _own(uow.session, document_id)
        content = rt.files.read(document.sha256)
        if document.origin is DocumentOrigin.RESULT and document.stored.media_type == "application/pdf":
            return system_pdf(content, document.filename, inline=False)
        return uploaded_file(content, document.stored.media_type, document.filename)


@bp.route("/my/documents/<int:document_id>/hide", methods=["POST"])
@applicant_required
def hide(document_id: int) -> ResponseReturnValue:
    return _set_hidden(document_id, hidden=True, message=_("Đã ẩn giấy tờ khỏi kho dữ liệu."))


@bp.route("/my/documents/<int:document_id>/show", methods=["POST"])
@applicant_required
def show(document_id: int) -> ResponseReturnValue:
    return _set_hidden(document_id, hidden=False, message=_("Giấy tờ đã hiện lại trong kho dữ liệu."))


def _set_hidden(document_id: int, *, hidden: bool, message: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        set_hidden(rt, rt.unit_of_work(), document_id=document_id, actor_id=current_user.id, hidden=hidden)
    except DomainError as error:
        abort(status_of(error))
    flash(message, "info")
    return redirect(url_for("store.index")), 303


def _own(session: Session, document_id: int) -> ApplicantDocument:
    try:
        return own_document(session, document_id, current_user.id)
    except DomainError as error:
        abort(status_of(error))
