"""The procedure catalog for other systems: procedures in force, sectors, agencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from engine.api_clients.scopes import Operation
from engine.catalog.browse import CatalogFilter, browse, current_versions, procedure_page
from engine.models import Agency
from webapp.api import schemas
from webapp.api.guard import answer, client, guard

bp = guard(Blueprint("api_catalog", __name__, url_prefix="/api", description="Danh mục thủ tục, lĩnh vực, cơ quan"))


def _today() -> date:
    rt = current_app.extensions["motcua"]
    return rt.clock.now().astimezone(rt.tz).date()


@bp.route("/procedures")
@bp.arguments(schemas.CatalogQuery, location="query")
@bp.response(200, schemas.Procedure(many=True))
def procedures(query: dict[str, Any]) -> Any:
    """Procedures in force today, filtered like the public catalog (search without accents)."""
    client().require(Operation.CATALOG_READ)
    with current_app.extensions["motcua"].unit_of_work() as uow:
        found = browse(uow.session, _today(), CatalogFilter(**query)).procedures
        return answer(schemas.Procedure(many=True), found)


@bp.route("/procedures/<code>")
@bp.response(200, schemas.ProcedureDetail)
def procedure(code: str) -> Any:
    """One procedure in force, by its national code: times, documents, fees, where to submit it."""
    client().require(Operation.CATALOG_READ)
    with current_app.extensions["motcua"].unit_of_work() as uow:
        page = procedure_page(uow.session, code, _today())
        return answer(schemas.ProcedureDetail(), page.version, receiving_units=[u.code for u in page.receiving_units])


@bp.route("/sectors")
@bp.response(200, schemas.Sector(many=True))
def sectors() -> Any:
    """The sectors (lĩnh vực) of the procedures in force."""
    client().require(Operation.CATALOG_READ)
    with current_app.extensions["motcua"].unit_of_work() as uow:
        names = sorted({version.sector for version in current_versions(uow.session, _today())})
        return answer(schemas.Sector(many=True), [{"name": name} for name in names])


@bp.route("/agencies")
@bp.response(200, schemas.Agency(many=True))
def agencies() -> Any:
    """Agencies and units (cơ quan, đơn vị), with the ones that receive dossiers."""
    client().require(Operation.CATALOG_READ)
    with current_app.extensions["motcua"].unit_of_work() as uow:
        return answer(schemas.Agency(many=True), uow.session.scalars(select(Agency).order_by(Agency.code)))
