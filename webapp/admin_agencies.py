"""The administrator's agencies (cơ quan, đơn vị): the tree with who receives dossiers, and each agency's address,
phone and reception hours (giờ tiếp nhận), which people see on the portal; deadlines keep the working calendar."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engine.catalog.agencies import AgencyInvalid, agency_by_code, agency_tree, update_agency
from engine.errors import NotFound
from sla.office_hours import OfficeHours
from webapp.admin import admin_required, done, refused, runtime
from webapp.hours import hours_text

bp = Blueprint("admin_agencies", __name__, url_prefix="/admin/agencies")
FIELDS = ("address", "phone", "reception_hours")


@bp.route("")
@admin_required
def index() -> ResponseReturnValue:
    """Every agency in tree order, with its tier, whether it receives dossiers and its reception hours."""
    with runtime().unit_of_work() as uow:
        return render_template("admin/agencies.html", lines=agency_tree(uow.session))


@bp.route("/<code>", methods=["GET", "POST"])
@admin_required
def agency(code: str) -> ResponseReturnValue:
    """One agency's address, phone and reception hours; empty hours mean the province's office hours."""
    rt = runtime()
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = request.form
        errors = _checked(
            lambda: update_agency(
                rt,
                rt.unit_of_work(),
                actor_id=current_user.id,
                code=code,
                **{name: form.get(name, "")[:1000] for name in FIELDS},
            )
        )
        if not errors:
            return done(_("Đã lưu thông tin cơ quan."), url_for("admin_agencies.agency", code=code))
    with rt.unit_of_work() as uow:
        try:
            found = agency_by_code(uow.session, code)
        except NotFound:
            abort(404)
        values = request.form if errors else {name: getattr(found, name) for name in FIELDS}
        return render_template(
            "admin/agency.html",
            agency=found,
            values=values,
            errors=errors,
            office_hours=hours_text(OfficeHours.parse(rt.settings.office_hours)),
        ), (400 if errors else 200)


def _checked(write: Callable[[], object]) -> dict[str, str]:
    """The service's refusal per field, each bad part named in the reader's language."""
    problems: dict[str, str] = {}

    def attempt() -> None:
        try:
            write()
        except AgencyInvalid as invalid:
            problems.update({name: problem.text(_) for name, problem in invalid.problems.items()})

    errors = refused(attempt)
    return problems or errors
