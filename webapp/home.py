"""The start page: for visitors, the portal's front door (find a procedure, submit, track a dossier, ask, this year's
figures, featured news and urgent announcements); for staff, who is signed in and in which units they work;
applicants go to their dossiers."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from engine.catalog.browse import CatalogFilter, browse
from engine.content.consultations import open_consultations
from engine.content.queries import featured_news, published_items
from engine.models import ContentType
from reports.exports import display
from webapp.statistics import current_figures

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return _public_home()
    if current_user.kind == "applicant":
        return redirect(url_for("tracking.mine"))
    return render_template("home.html")


def _public_home() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        catalog = browse(uow.session, rt.clock.now().astimezone(rt.tz).date(), CatalogFilter())
        sectors = [
            (sector, sum(1 for p in catalog.procedures if p.sector == sector.name)) for sector in catalog.sectors
        ]
        news = featured_news(uow.session)
        urgent = published_items(uow.session, ContentType.URGENT).items[:3]
        consultations = open_consultations(uow.session, rt.clock.now())
    return render_template(
        "public_home.html",
        total=catalog.total,
        sectors=sectors,
        figures=current_figures(),
        display=display,
        english=get_locale().language == "en",
        news=news,
        urgent=urgent,
        consultations=consultations,
        tz=rt.tz,
    )
