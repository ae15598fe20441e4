"""The start page: who is signed in and in which units they work."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template("home.html")
