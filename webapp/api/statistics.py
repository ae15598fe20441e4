"""Public statistics for other systems: the same figures as the public page, cached alike."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from engine.api_clients.scopes import Operation
from webapp.api import schemas
from webapp.api.guard import answer, client, guard
from webapp.statistics import current_figures

bp = guard(Blueprint("api_statistics", __name__, url_prefix="/api", description="Thống kê công khai"))


@bp.route("/statistics")
@bp.response(200, schemas.Statistics)
def statistics() -> Any:
    """The year so far: received by day, results and on-time rates by agency, online services, dossiers waiting."""
    client().require(Operation.STATISTICS_READ)
    return answer(schemas.Statistics(), current_figures())
