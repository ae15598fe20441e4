"""Inline images of portal content: the editor uploads them here, and pages show them from here, to everyone once a
published item shows them, to contributors and the board before."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engine.content.images import published_image, staff_image, upload_image
from engine.content.rich_text import IMAGE_PATH, OWN_IMAGE
from engine.errors import DomainError, InvalidData
from engine.models import User
from engine.uploads import Upload
from webapp.domain_errors import error_text, field_errors
from webapp.downloads import UPLOADED_POLICY
from webapp.staff import staff_required

bp = Blueprint("content_images", __name__)

PUBLIC_MAX_AGE = 300  # seconds: an item taken down stops showing its images soon after


@bp.route("/staff/content/images", methods=["POST"])
@staff_required
def upload() -> ResponseReturnValue:
    """The editor's image upload: answers the image's address and alternative text, or what is wrong, as JSON."""
    rt = current_app.extensions["motcua"]
    sent = request.files.get("image")
    try:
        image = upload_image(
            rt,
            rt.unit_of_work(),
            actor_id=current_user.id,
            upload=Upload(sent.filename or "", sent.read()) if sent else Upload("", b""),
            alt=request.form.get("alt", ""),
        )
    except InvalidData as invalid:
        return jsonify(errors=field_errors(invalid.errors)), 400
    except DomainError as error:
        return jsonify(errors={"image": error_text(error)}), 403
    return jsonify(url=image.url, alt=image.alt), 201


@bp.route("/content/images/<sha256>")
def show(sha256: str) -> ResponseReturnValue:
    if not OWN_IMAGE.fullmatch(f"{IMAGE_PATH}{sha256}"):
        abort(404)
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        stored, cache = published_image(uow.session, sha256), f"public, max-age={PUBLIC_MAX_AGE}"
        if stored is None and current_user.is_authenticated and current_user.kind == "staff":
            stored, cache = (
                staff_image(uow.session, sha256, uow.session.get(User, current_user.id)),
                "private, no-store",
            )
        if stored is None:
            abort(404)
        media_type = stored.media_type
    response = Response(rt.files.read(sha256), mimetype=media_type)
    response.headers.update(
        {"Cache-Control": cache, "X-Content-Type-Options": "nosniff", "Content-Security-Policy": UPLOADED_POLICY}
    )
    return response
