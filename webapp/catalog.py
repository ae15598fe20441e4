"""The public procedure catalog (no sign-in): browse, search without accents, and one procedure's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from engine.catalog.browse import CatalogFilter, browse, procedure_page
from engine.errors import NotFound
from engine.models import AgencyTier, OnlineLevel

bp = Blueprint("catalog", __name__, url_prefix="/procedures")


def _today() -> Any:
    rt = current_app.extensions["motcua"]
    return rt.clock.now().astimezone(rt.tz).date()


@bp.route("")
def index() -> ResponseReturnValue:
    args = request.args
    level, online = args.get("level", ""), args.get("online", "")
    where = CatalogFilter(
        search=args.get("q", "")[:120],
        sector=args.get("sector", "")[:255],
        agency=args.get("agency", "")[:32],
        level=AgencyTier(level) if level in AgencyTier.__members__.values() else None,
        online_level=OnlineLevel(online) if online in OnlineLevel.__members__.values() else None,
    )
    with current_app.extensions["motcua"].unit_of_work() as uow:
        catalog = browse(uow.session, _today(), where)
        return render_template(
            "catalog/index.html", catalog=catalog, where=where, tiers=list(AgencyTier), online_levels=list(OnlineLevel)
        )


@bp.route("/<code>")
def procedure(code: str) -> ResponseReturnValue:
    with current_app.extensions["motcua"].unit_of_work() as uow:
        try:
            page = procedure_page(uow.session, code, _today())
        except NotFound:
            abort(404)
        return render_template("catalog/procedure.html", page=page, version=page.version)
