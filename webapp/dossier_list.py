"""The public list of dossiers by day and agency (Khánh Hòa, 2019): received, resolved, waiting for supplementation."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from engine.dossiers.public_list import SECTIONS, public_dossiers
from engine.models import Agency
from webapp.content import iso_date
from webapp.numbers import int_field

bp = Blueprint("dossier_list", __name__)


@bp.route("/dossiers/daily")
def daily() -> ResponseReturnValue:
    """One day's dossiers of one agency (or all), a section and a page at a time; codes and procedures only."""
    rt = current_app.extensions["motcua"]
    day = iso_date(request.args.get("day", "")) or rt.clock.now().astimezone(rt.tz).date()
    section = request.args.get("section", "received")
    if section not in SECTIONS:
        section = "received"
    start = datetime.combine(day, time.min, rt.tz)
    with rt.unit_of_work() as uow:
        agencies = list(uow.session.scalars(select(Agency).order_by(Agency.name)))
        agency_id = int_field(request.args, "agency", None)
        agency_id = agency_id if agency_id in {a.id for a in agencies} else None
        found = public_dossiers(
            uow.session,
            start=start,
            end=start + timedelta(days=1),
            agency_id=agency_id,
            section=section,
            page=int_field(request.args, "page", 1, low=1),
        )
    return render_template(
        "portal/dossier_list.html", found=found, day=day, agencies=agencies, agency_id=agency_id, tz=rt.tz
    )
