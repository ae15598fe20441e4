"""Following a dossier: the applicant's own dossiers, and the public lookup by code and phone or ID number."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from engine.dossiers.tracking import lookup, my_dossier, my_dossiers
from engine.errors import NotFound
from webapp.applicant import applicant_required
from webapp.form_base import Form
from webapp.limits import limiter

bp = Blueprint("tracking", __name__)


class LookupForm(Form):
    code = StringField(_l("Mã hồ sơ"), validators=[DataRequired(), Length(max=40)])
    factor = StringField(
        _l("Số điện thoại hoặc số giấy tờ tùy thân của người nộp"), validators=[DataRequired(), Length(max=40)]
    )


@bp.route("/lookup", methods=["GET", "POST"])
@limiter.limit("10 per minute; 60 per hour", methods=["POST"])
def public_lookup() -> ResponseReturnValue:
    """Status and dates only; a wrong second factor is answered exactly as an unknown code."""
    form = LookupForm(code=request.args.get("code", "")[:40])
    if not form.validate_on_submit():
        return render_template("tracking/lookup.html", form=form, found=None), 400 if form.errors else 200
    with current_app.extensions["motcua"].unit_of_work() as uow:
        found = lookup(uow.session, form.code.data or "", form.factor.data or "")
    form.factor.data = ""  # never echoed back into the page
    return render_template("tracking/lookup.html", form=form, found=found, asked=True), 200 if found else 404


@bp.route("/my/dossiers")
@applicant_required
def mine() -> ResponseReturnValue:
    with current_app.extensions["motcua"].unit_of_work() as uow:
        lines = my_dossiers(uow.session, current_user.id)
    return render_template("tracking/mine.html", lines=lines)


@bp.route("/my/dossiers/<code>")
@applicant_required
def my_one(code: str) -> ResponseReturnValue:
    with current_app.extensions["motcua"].unit_of_work() as uow:
        try:
            view = my_dossier(uow.session, current_user.id, code)
        except NotFound:
            abort(404)
    return render_template("tracking/dossier.html", view=view, line=view.line)
