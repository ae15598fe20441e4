"""Dossier files for staff: what people uploaded is downloaded, never shown inline (the task page previews a PDF's
pages as images drawn here); documents the system drew itself open in the browser. Only for who may see the dossier."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from pypdfium2 import PdfiumError

from engine.dossiers.files import readable_file
from engine.errors import NotFound
from engine.models import FilePurpose, User
from reports.pdf import page_count, page_image
from webapp.downloads import system_pdf, uploaded_file
from webapp.security_headers import frameable_by_this_site

bp = Blueprint("files", __name__)

SYSTEM_MADE = {FilePurpose.RESULT, FilePurpose.ISSUED_DOCUMENT}
PDF = "application/pdf"


@bp.route("/files/<int:file_id>")
@login_required
def show(file_id: int) -> ResponseReturnValue:
    """An uploaded file as an attachment; a PDF the system made (signed result, issued document) is shown inline
    unless `?download=1` asks for it as an attachment."""
    found = _readable(file_id)
    if found.purpose in SYSTEM_MADE and found.media_type == PDF:
        return system_pdf(found.content, found.filename, inline=request.args.get("download") != "1")
    return uploaded_file(found.content, found.media_type, found.filename)


@bp.route("/files/<int:file_id>/preview")
@login_required
@frameable_by_this_site
def preview(file_id: int) -> ResponseReturnValue:
    """The pages of an uploaded PDF as images, for the task page's frame: the PDF itself never opens in the site."""
    found = _readable(file_id)
    if found.media_type != PDF:
        abort(404)
    try:
        pages = page_count(found.content)
    except PdfiumError:
        pages = 0
    return render_template("files/preview.html", file=found, pages=pages)


@bp.route("/files/<int:file_id>/pages/<int:page>.png")
@login_required
def page(file_id: int, page: int) -> ResponseReturnValue:
    """One page of a PDF file drawn as a PNG image."""
    found = _readable(file_id)
    if found.media_type != PDF:
        abort(404)
    try:
        image = page_image(found.content, page - 1)
    except PdfiumError:
        image = None
    if image is None:
        abort(404)
    return Response(image, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@dataclass(frozen=True)
class _Readable:
    id: int
    filename: str
    media_type: str
    purpose: FilePurpose
    content: bytes


def _readable(file_id: int) -> _Readable:
    """The file with its bytes, for who may see its dossier; anyone else gets 404."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            found = readable_file(uow.session, file_id, uow.session.get(User, current_user.id))
        except NotFound:
            abort(404)
        return _Readable(found.id, found.filename, found.stored.media_type, found.purpose, rt.files.read(found.sha256))
