"""Public statistics, no sign-in: counts per day, agency and online service, who waits for what; no personal data."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from reports.charts import Bar, stacked_bars
from reports.exports import display
from reports.public_statistics import PublicStatistics, public_statistics

bp = Blueprint("statistics", __name__, url_prefix="/statistics")

# Counting a province-year takes seconds: the figures are recounted at most once every few minutes.
REFRESH = timedelta(minutes=10)
_cache: dict[str, tuple[datetime, PublicStatistics]] = {}
_cache_lock = threading.Lock()


@bp.route("")
def index() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    figures = current_figures()
    english = get_locale().language == "en"
    by_day = stacked_bars(
        [Bar(day.strftime("%d/%m"), (count,)) for day, count in figures.by_day],
        [_("Hồ sơ tiếp nhận")],
        title=_("Hồ sơ tiếp nhận theo ngày"),
    )
    return render_template(
        "statistics.html", figures=figures, by_day=by_day, english=english, display=display, tz=rt.tz
    )


def current_figures() -> PublicStatistics:
    """The cached figures of this app's database, recounted when older than REFRESH."""
    rt = current_app.extensions["motcua"]
    now = rt.clock.now()
    key = rt.settings.database_url
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < REFRESH and cached[0] <= now:
            return cached[1]
    with rt.reports_unit_of_work() as uow:
        figures = public_statistics(uow.session, rt.calendar(uow.session), now)
    with _cache_lock:
        _cache[key] = (now, figures)
    return figures
