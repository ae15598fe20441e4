"""The register of outgoing documents (sổ theo dõi văn bản đi): what each agency's leaders signed, by number."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from engine.documents.register import register_of
from engine.models import Agency, User
from webapp.numbers import int_field
from webapp.staff import staff_required

bp = Blueprint("outgoing", __name__, url_prefix="/staff/outgoing")


@bp.route("")
@staff_required
def register() -> ResponseReturnValue:
    """The register of an agency the signed-in person works in, for one year (this year unless chosen)."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        session = uow.session
        user = session.get(User, current_user.id)
        ids = {assignment.agency_id for assignment in user.roles if assignment.agency_id is not None}
        agencies = list(session.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.name)))
        chosen = next((a for a in agencies if a.code == request.args.get("agency")), agencies[0] if agencies else None)
        this_year = rt.clock.now().astimezone(rt.tz).year
        year = int_field(request.args, "year", this_year, low=2000, high=this_year + 1)
        lines = register_of(session, chosen.id, year) if chosen else []
        return render_template(
            "staff/outgoing.html",
            agencies=agencies,
            chosen=chosen,
            year=year,
            years=range(this_year, this_year - 5, -1),
            lines=[(line, line.signer.full_name, line.dossier.code if line.dossier else "") for line in lines],
            tz=rt.tz,
        )
