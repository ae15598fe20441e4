"""Signatures: the public verification page, and the administrator's upload of a leader's certificate."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.documents.certificates import upload_certificate
from engine.documents.signatures import load_trust_roots, verify_pdf
from engine.errors import DomainError, InvalidData, NotAllowed
from engine.models import SigningCertificate, User
from webapp.admin import admin_required
from webapp.limits import limiter

bp = Blueprint("signatures", __name__)
MAX_PDF_BYTES = 20 * 1024 * 1024


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify() -> ResponseReturnValue:
    """Anyone may check a signed PDF: signer, signing time, intact or modified, trusted or not."""
    rt = current_app.extensions["motcua"]
    reports, error, status = None, "", 200
    if request.method == "POST":
        upload = request.files.get("file")
        content = upload.read(MAX_PDF_BYTES + 1) if upload else b""
        if not content or len(content) > MAX_PDF_BYTES:
            error, status = _("Chọn một tệp PDF không quá 20 MB."), 400
        else:
            try:
                reports = verify_pdf(content, load_trust_roots(rt.settings.trust_roots), rt.clock.now())
            except InvalidData:
                error, status = _("Tệp không phải PDF đọc được."), 400
    return render_template("verify.html", reports=reports, error=error, tz=rt.tz), status


@bp.route("/admin/certificates", methods=["GET", "POST"])
@admin_required
def certificates() -> ResponseReturnValue:
    """Administrators upload a leader's PKCS#12; the PIN is typed once to check it and never kept."""
    rt = current_app.extensions["motcua"]
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        upload = request.files.get("pkcs12")
        try:
            upload_certificate(
                rt,
                rt.unit_of_work(),
                actor_id=current_user.id,
                username=request.form.get("username", ""),
                pkcs12_data=upload.read(64 * 1024 + 1) if upload else b"",
                pin=request.form.get("pin", ""),
            )
        except InvalidData as invalid:
            errors, status = invalid.errors, 400
        except NotAllowed:
            abort(403)
        except DomainError as error:
            errors, status = {"username": str(error)}, 400
        else:
            flash(_("Đã lưu chứng thư số."), "info")
            return redirect(url_for("signatures.certificates")), 303
    with rt.unit_of_work() as uow:
        rows = uow.session.execute(
            select(SigningCertificate, User.username, User.full_name)
            .join(User, SigningCertificate.user_id == User.id)
            .where(SigningCertificate.active)
            .order_by(User.full_name)
        ).all()
    return render_template("admin/certificates.html", rows=rows, errors=errors, tz=rt.tz), status
