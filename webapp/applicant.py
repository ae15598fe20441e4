"""What the applicant's pages share: the sign-in guard, HTTP status of domain errors, uploaded files, labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import abort, flash
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict

from engine.dossiers.applicant_view import own_dossier
from engine.errors import Conflict, DomainError, InvalidData, NotAllowed, NotFound, StepNotAvailable
from engine.models import Dossier
from engine.text import parse_int
from engine.uploads import MAX_UPLOAD_BYTES, Upload
from webapp.domain_errors import error_text

RETURN_METHODS = {
    "counter": _l("Nhận tại bộ phận một cửa"),
    "post": _l("Nhận qua dịch vụ bưu chính"),
    "online": _l("Nhận trực tuyến (bản điện tử có chữ ký số)"),
}


def applicant_required(view: Any) -> Any:
    """Signed in as a citizen or an organisation; staff get 403."""

    @wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if current_user.kind != "applicant":
            abort(403)
        return view(*args, **kwargs)

    return guarded


def status_of(error: DomainError) -> int:
    """The HTTP status a refused step answers with; someone else's dossier answers as a missing one does (404), so
    nobody learns which codes exist by trying them."""
    if isinstance(error, NotFound | NotAllowed):
        return 404
    if isinstance(error, Conflict | StepNotAvailable):
        return 409
    return 400


def read_upload(storage: FileStorage | None) -> Upload | None:
    """A chosen file's name and bytes (read one byte past the limit, so an oversized file is seen, not read whole)."""
    if storage is None or not storage.filename:
        return None
    return Upload(storage.filename, storage.stream.read(MAX_UPLOAD_BYTES + 1))


def document_uploads(files: MultiDict[str, FileStorage]) -> dict[int, Upload]:
    """The files posted as `document_<id>`, by document id."""
    uploads = {}
    for number, storage in _numbered(files, "document_").items():
        if (upload := read_upload(storage)) is not None:
            uploads[number] = upload
    return uploads


def store_choices(form: MultiDict[str, str]) -> dict[int, int]:
    """The stored documents chosen as `store_<document id>` = `<stored document id>`, by document id."""
    chosen = {}
    for number, value in _numbered(form, "store_").items():
        if (stored := parse_int(value, low=1)) is not None:
            chosen[number] = stored
    return chosen


def _numbered(fields: MultiDict[str, Any], prefix: str) -> dict[int, Any]:
    """The fields named `<prefix><number>`, by number."""
    found = {}
    for name, value in fields.items():
        number = parse_int(name.removeprefix(prefix)) if name.startswith(prefix) else None
        if number is not None:
            found[number] = value
    return found


@dataclass
class Attempt:
    """What one service call for a posted form gave: its value, or the field errors and the HTTP status."""

    value: Any = None
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200

    @property
    def done(self) -> bool:
        return self.status == 200


def attempt(call: Callable[[], Any]) -> Attempt:
    """Run the call; field errors come back for the form (400), another refusal is flashed (409), and a
    missing or someone else's dossier ends the request (404 both)."""
    try:
        return Attempt(call())
    except InvalidData as invalid:
        return Attempt(errors=invalid.errors, status=400)
    except DomainError as error:
        if isinstance(error, NotFound | NotAllowed):
            abort(status_of(error))
        flash(error_text(error), "error")
        return Attempt(status=status_of(error))


def my_dossier(session: Session, code: str) -> Dossier:
    """The signed-in applicant's own dossier; otherwise the request ends with 404."""
    try:
        return own_dossier(session, code, current_user.id)
    except DomainError as error:
        abort(status_of(error))
