"""Dossiers for other systems: submission, status, history and results, of the client's own agencies only."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import current_app, send_file
from flask_smorest import Blueprint

from engine.api_clients.dossiers import client_dossier, open_steps, result_file, results, submit_for_client
from engine.api_clients.scopes import Operation
from engine.dossiers.submission import Applicant
from engine.dossiers.task_view import history as dossier_history
from engine.uploads import Upload
from webapp.api import schemas
from webapp.api.guard import answer, client, guard

bp = guard(
    Blueprint("api_dossiers", __name__, url_prefix="/api/dossiers", description="Hồ sơ: nộp, trạng thái, kết quả")
)


def _runtime() -> Any:
    return current_app.extensions["motcua"]


@bp.route("", methods=["POST"])
@bp.arguments(schemas.Submission)
@bp.response(201, schemas.Submitted)
def submit(body: dict[str, Any]) -> Any:
    """Submit a dossier received by the calling system for one of its units (tiếp nhận qua hệ thống kết nối)."""
    rt = _runtime()
    result = submit_for_client(
        rt,
        rt.unit_of_work(),
        client(),
        procedure=body["procedure"],
        receiving_unit=body["receiving_unit"],
        applicant=Applicant(**body["applicant"]),
        return_method=body["return_method"],
        files=[Upload(f["filename"], f["content"], f["document_id"]) for f in body["files"]],
    )
    return answer(schemas.Submitted(), result, 201)


@bp.route("/<code>")
@bp.response(200, schemas.DossierStatusView)
def status(code: str) -> Any:
    """The dossier's status (national code 1-10), its moments and where it is now."""
    with _runtime().unit_of_work() as uow:
        dossier = client_dossier(uow.session, client(), code, Operation.DOSSIERS_READ)
        return answer(
            schemas.DossierStatusView(), dossier, steps=schemas.Step(many=True).dump(open_steps(uow.session, dossier))
        )


@bp.route("/<code>/history")
@bp.response(200, schemas.HistoryEntry(many=True))
def history(code: str) -> Any:
    """Every step the dossier went through, in order, with who and when (quá trình xử lý)."""
    with _runtime().unit_of_work() as uow:
        dossier = client_dossier(uow.session, client(), code, Operation.DOSSIERS_READ)
        return answer(schemas.HistoryEntry(many=True), dossier_history(uow.session, dossier))


@bp.route("/<code>/results")
@bp.response(200, schemas.ResultDocument(many=True))
def result_list(code: str) -> Any:
    """The documents issued for the dossier (kết quả giải quyết)."""
    with _runtime().unit_of_work() as uow:
        dossier = client_dossier(uow.session, client(), code, Operation.RESULTS_READ)
        return answer(schemas.ResultDocument(many=True), results(uow.session, dossier))


@bp.route("/<code>/results/<int:file_id>")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/octet-stream")
def result_download(code: str, file_id: int) -> Any:
    """One issued document's file, as stored."""
    rt = _runtime()
    with rt.unit_of_work() as uow:
        found = result_file(uow.session, client(), code, file_id)
        content, media_type, name = rt.files.read(found.sha256), found.stored.media_type, found.filename
    return send_file(BytesIO(content), mimetype=media_type, download_name=name, as_attachment=True)
