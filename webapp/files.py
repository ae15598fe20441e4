"""Dossier files for staff and applicants: shown inline (PDF, images) or downloaded, only to who may see the dossier."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, request, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from engine.dossiers.files import readable_file
from engine.errors import NotFound
from engine.models import User

bp = Blueprint("files", __name__)


@bp.route("/files/<int:file_id>")
@login_required
def show(file_id: int) -> ResponseReturnValue:
    """The file's bytes with its checked type; `?download=1` offers it as an attachment."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            found = readable_file(uow.session, file_id, uow.session.get(User, current_user.id))
        except NotFound:
            abort(404)
        sha256, name, kind = found.sha256, found.filename, found.stored.media_type
    response = send_file(
        BytesIO(rt.files.read(sha256)),
        mimetype=kind,
        as_attachment=request.args.get("download") == "1",
        download_name=name,
        etag=sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
