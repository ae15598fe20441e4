"""What the frame of every page shows besides the menu: the province whose portal this is, under the logo."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from sqlalchemy import select

from engine.models.organisation import Agency, AgencyTier


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"province_name": province_name})


def province_name() -> str:
    """The province's own unit (Ủy ban nhân dân tỉnh ...), in the reader's language; "" before it is set up."""
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        names = uow.session.execute(
            select(Agency.name, Agency.name_en).where(Agency.tier == AgencyTier.PROVINCE).order_by(Agency.id).limit(1)
        ).first()
    if names is None:
        return ""
    return (names.name_en or names.name) if get_locale().language == "en" else names.name
