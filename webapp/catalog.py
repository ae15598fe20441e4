"""The public procedure catalog (no sign-in): browse, search without accents, and one procedure's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from engine.catalog.browse import CatalogFilter, browse, procedure_page
from engine.content.queries import legal_basis_links
from engine.errors import NotFound
from engine.models import AgencyTier, OnlineLevel
from reports.blank_forms import render_blank_form

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
        laws = legal_basis_links(uow.session, list(page.version.legal_basis))
        return render_template("catalog/procedure.html", page=page, version=page.version, laws=laws)


@bp.route("/<code>/forms/<name>.pdf")
def blank_form(code: str, name: str) -> ResponseReturnValue:
    """A blank form of the procedure in force, to print and fill by hand."""
    with current_app.extensions["motcua"].unit_of_work() as uow:
        try:
            version = procedure_page(uow.session, code, _today()).version
        except NotFound:
            abort(404)
        document = next((d for d in version.documents if d.blank and d.blank == name), None)
        if document is None:
            abort(404)
        pdf = render_blank_form(document, version.handling_body)
    filename = f"{name.removeprefix('declaration_').replace('_', '-')}-mau-to-khai.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "public, max-age=3600"},
    )
