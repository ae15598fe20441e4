"""The demo's mailbox for administrators (hộp thư thử nghiệm): every notice the installation sent, as it was sent,
its links clickable; only where notices are kept in the app instead of mailed (a demo without a mail server)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape

from engine.notices.mailbox import mailbox
from webapp.admin import admin_required, runtime

bp = Blueprint("admin_mailbox", __name__, url_prefix="/admin/mailbox")
LINK = re.compile(r"https?://[^\s<>\"']+")


@bp.route("")
@admin_required
def index() -> ResponseReturnValue:
    rt = runtime()
    if not rt.settings.mailbox:
        abort(404)
    wanted = request.args.get("to", "")[:255]
    with rt.unit_of_work() as uow:
        messages = mailbox(uow.session, wanted)
        uow.session.expunge_all()
    return render_template("admin/mailbox.html", messages=messages, wanted=wanted, tz=rt.tz)


@bp.app_template_filter("linked")
def linked(text: str) -> Markup:
    """The text escaped, its web addresses made links, its line breaks kept."""
    escaped = str(escape(text))
    return Markup(LINK.sub(lambda found: f'<a href="{found.group(0)}">{found.group(0)}</a>', escaped))
