"""The start page: who is signed in and in which units they work."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index() -> ResponseReturnValue:
    if current_user.kind == "applicant":
        return redirect(url_for("tracking.mine"))
    return render_template("home.html")
