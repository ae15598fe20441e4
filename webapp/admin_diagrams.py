"""The administrator's diagrams (quy trình): each process's versions with the dossiers running on them, a version's
diagram with its open tasks, a new diagram checked before it is deployed, running dossiers moved between versions."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engine.catalog.versions import check_upload, deploy_upload, migrate, open_on, processes
from engine.errors import NotFound
from engine.workflow.definitions import deployed
from webapp.admin import admin_required, done, refused, runtime

bp = Blueprint("admin_diagrams", __name__, url_prefix="/admin/diagrams")
MAX_DIAGRAM_BYTES = 2 * 1024 * 1024


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index() -> ResponseReturnValue:
    """The processes and their versions; a diagram uploaded here is checked, and shown deployable only if it passed."""
    rt = runtime()
    checked, errors, status = None, {}, 200
    if request.method == "POST":
        upload = request.files.get("diagram")
        data = upload.read(MAX_DIAGRAM_BYTES + 1) if upload else b""
        key = request.form.get("process_key", "").strip() or ((upload and upload.filename) or "").rsplit(".", 1)[0]
        if not data:
            errors = {"diagram": _("Tệp sơ đồ: chưa chọn tệp.")}
        elif len(data) > MAX_DIAGRAM_BYTES:
            errors = {"diagram": _("Tệp sơ đồ: tối đa 2 MB.")}
        else:
            found: list[Any] = []
            errors = refused(
                lambda: found.append(check_upload(rt, actor_id=current_user.id, process_key=key, data=data))
            )
            checked = found[0] if found else None
        status = 400 if errors or (checked and checked.problems) else 200
    with rt.unit_of_work() as uow:
        lines = processes(uow.session)
    return render_template(
        "admin/diagrams.html",
        lines=lines,
        checked=checked,
        report=_report(checked.problems) if checked else [],
        encoded=base64.b64encode(checked.text.encode()).decode() if checked and not checked.problems else "",
        errors=errors,
        tz=rt.tz,
    ), status


@bp.route("/deploy", methods=["POST"])
@admin_required
def deploy_checked() -> ResponseReturnValue:
    """Deploy the diagram the page checked (checked again, statically, before it is kept)."""
    rt = runtime()
    key = request.form.get("process_key", "")
    try:
        text = base64.b64decode(request.form.get("diagram", ""), validate=True).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), not ASCII, or not UTF-8 (UnicodeDecodeError)
        abort(400)
    versions: list[int] = []
    errors = refused(
        lambda: versions.append(
            deploy_upload(rt, rt.unit_of_work(), actor_id=current_user.id, process_key=key, text=text)
        )
    )
    if errors:
        return done(errors.get("form", _("Không triển khai được sơ đồ.")), url_for("admin_diagrams.index"))
    message = _("Đã triển khai %(key)s phiên bản %(version)s.", key=key, version=versions[0])
    return done(message, url_for("admin_diagrams.version", process_key=key, number=versions[0]))


@bp.route("/<process_key>/<int:number>", methods=["GET", "POST"])
@admin_required
def version(process_key: str, number: int) -> ResponseReturnValue:
    """One version's diagram, with the open tasks on each element; the running dossiers of the process moved to it,
    previewed first."""
    rt = runtime()
    moved, errors = None, {}
    if request.method == "POST":
        preview = request.form.get("run") != "1"
        migration, errors = _attempt(
            lambda: migrate(rt, actor_id=current_user.id, process_key=process_key, to_version=number, dry_run=preview)
        )
        moved = (migration, preview) if migration else None
    with rt.unit_of_work() as uow:
        try:
            definition = deployed(uow.session, process_key, number)
        except NotFound:
            abort(404)
        counts = open_on(uow.session, definition)
        line = next(line for line in processes(uow.session) if line.key == process_key)
    return render_template(
        "admin/diagram_version.html",
        line=line,
        number=number,
        counts=counts,
        moved=moved,
        reasons=[_reason(left) for left in moved[0].left] if moved else [],
        errors=errors,
    )


@bp.route("/<process_key>/<int:number>/diagram.bpmn")
@admin_required
def diagram(process_key: str, number: int) -> ResponseReturnValue:
    with runtime().unit_of_work() as uow:
        try:
            xml = deployed(uow.session, process_key, number).bpmn_xml
        except NotFound:
            abort(404)
    return Response(xml, mimetype="application/xml", headers={"Cache-Control": "private, no-store"})


def _attempt(call: Callable[[], Any]) -> tuple[Any, dict[str, str]]:
    """What a service call gave, or None with its errors (translated, per field)."""
    found: list[Any] = []
    errors = refused(lambda: found.append(call()))
    return (found[0] if found else None), errors


def _report(problems: list[Any]) -> list[str]:
    """Each problem located, in the reader's language."""
    return [problem.located(_) for problem in problems]


def _reason(left: Any) -> str:
    return _(left.reason).format(**left.details)
