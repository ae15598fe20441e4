"""Counter reception (tiếp nhận trực tiếp): a clerk registers a walk-in dossier with one scan per document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.catalog.agencies import reception_on
from engine.dossiers.counter import procedures_at, reception_units
from engine.dossiers.inbox import next_task
from engine.dossiers.submission import Applicant, submit
from engine.errors import DomainError, InvalidData
from engine.models import Channel, Dossier, ReturnMethod, User
from engine.text import parse_int
from engine.uploads import Upload
from webapp.domain_errors import error_text, field_errors
from webapp.staff import staff_required

bp = Blueprint("counter", __name__, url_prefix="/staff")

APPLICANT_FIELDS = ("applicant_name", "id_number", "phone", "email", "address")


@bp.route("/counter", methods=["GET", "POST"])
@staff_required
def reception() -> ResponseReturnValue:
    """Choose the unit and procedure, type the applicant's details, attach the scans; submit opens the check."""
    rt = current_app.extensions["motcua"]
    values = request.form if request.method == "POST" else request.args
    with rt.unit_of_work() as uow:
        session = uow.session
        units = reception_units(session.get(User, current_user.id))
        if not units:
            abort(403)
        unit = next((u for u in units if u.code == values.get("unit")), units[0])
        calendar = rt.calendar(session)
        today = calendar.local(rt.clock.now()).date()
        versions = procedures_at(session, unit, today)
        open_today = reception_on(rt, session, unit, today)
        day_off = not calendar.is_working_day(today)  # received today, a dossier counts from the next working day
        version = next((v for v in versions if v.procedure.slug == values.get("procedure")), None)
        documents = list(version.documents) if version else []
    errors: dict[str, str] = {}
    if request.method == "POST" and version is not None:
        try:
            result = submit(
                rt,
                rt.unit_of_work(),
                procedure=version.procedure.slug,
                receiving_unit=unit.code,
                channel=Channel.COUNTER,
                actor_id=current_user.id,
                applicant=Applicant(*(request.form.get(name, "")[:255] for name in APPLICANT_FIELDS)),
                return_method=_return_method(request.form.get("return_method", "")),
                files=_uploads(request.files),
            )
        except InvalidData as invalid:
            errors = field_errors(invalid.errors)
        except DomainError as error:
            flash(error_text(error), "error")
        else:
            return _to_check(result.dossier_code)
    return render_template(
        "staff/counter.html",
        units=units,
        unit=unit,
        versions=versions,
        version=version,
        documents=documents,
        values=values,
        errors=errors,
        open_today=open_today,
        day_off=day_off,
    ), (400 if errors or request.method == "POST" else 200)


def _return_method(value: str) -> ReturnMethod:
    return ReturnMethod(value) if value in ReturnMethod.__members__.values() else ReturnMethod.COUNTER


def _uploads(files: Any) -> list[Upload]:
    """One scan per document of the checklist, posted as `file-<document id>`; empty inputs are skipped."""
    uploads = []
    for name, storage in files.items(multi=True):
        document_id = parse_int(name.removeprefix("file-")) if name.startswith("file-") else None
        if document_id is None or not storage.filename:
            continue
        uploads.append(Upload(storage.filename, storage.read(), document_id))
    return uploads


def _to_check(code: str) -> ResponseReturnValue:
    """On to the new dossier's completeness check, which the same clerk works next."""
    flash(_("Đã ghi nhận hồ sơ %(code)s. Kiểm tra tính đầy đủ, hợp lệ để tiếp nhận.", code=code), "info")
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        dossier_id = uow.session.scalar(select(Dossier.id).where(Dossier.code == code))
        task = next_task(uow.session, dossier_id, uow.session.get(User, current_user.id))
    return redirect(url_for("staff.task_page", task_id=task) if task else url_for("staff.inbox")), 303
