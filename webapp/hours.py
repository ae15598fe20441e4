"""Reception hours (giờ tiếp nhận) in the reader's words: "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy:
07:30–11:30", and the moment a counter opens next, "07:30 thứ Hai 07/12/2026"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.catalog.agencies import hours_or_office
from sla.office_hours import OfficeHours, grouped

WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))
# The same days inside a sentence, after an hour: "từ 07:30 thứ Hai 07/12/2026".
WEEKDAYS_IN_TEXT = (
    _l("thứ Hai"),
    _l("thứ Ba"),
    _l("thứ Tư"),
    _l("thứ Năm"),
    _l("thứ Sáu"),
    _l("thứ Bảy"),
    _l("Chủ nhật"),
)


def hours_text(hours: OfficeHours) -> str:
    """Each run of days with the same hours: "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00"."""
    parts = []
    for first, last, intervals in grouped(hours):
        days = str(WEEKDAYS[first]) if first == last else f"{WEEKDAYS[first]} – {WEEKDAYS[last]}"
        parts.append(f"{days}: {intervals_text(intervals)}")
    return "; ".join(parts)


def intervals_text(intervals: Iterable[tuple[time | datetime, time | datetime]]) -> str:
    """ "07:30–11:30, 13:00–17:00" (datetimes are taken as they are, in their own time zone)."""
    return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in intervals)


def reception_hours_text(agency: Any) -> str:
    """An agency's reception hours (or its stored text; empty: the province's office hours), in the reader's words."""
    own = agency if isinstance(agency, str) else agency.reception_hours
    return hours_text(hours_or_office(own, current_app.extensions["motcua"].settings))


def opening_text(moment: datetime) -> str:
    """A counter's next opening as a reader says it: "07:30 thứ Hai 07/12/2026"."""
    local = moment.astimezone(current_app.extensions["motcua"].tz)
    return _(
        "%(time)s %(weekday)s %(day)s",
        time=f"{local:%H:%M}",
        weekday=WEEKDAYS_IN_TEXT[local.weekday()],
        day=f"{local:%d/%m/%Y}",
    )


def init_app(app: Flask) -> None:
    app.add_template_filter(reception_hours_text, "reception_hours")
    app.add_template_filter(opening_text, "opening")
    app.add_template_filter(intervals_text, "intervals")
