"""API keys of the systems that call the REST API (khoá API): issued, listed and revoked by administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engine.api_clients.keys import DEFAULT_RATE_LIMIT, IssuedKey, clients, create_client, revoke_client
from engine.api_clients.scopes import Operation
from engine.models import Agency
from webapp.admin import admin_required, done, refused, runtime

bp = Blueprint("admin_api_keys", __name__, url_prefix="/admin/api-keys")


@bp.route("", methods=["GET", "POST"])
@admin_required
def index() -> ResponseReturnValue:
    """The clients; a new one is created here and its key shown this once."""
    rt = runtime()
    errors: dict[str, str] = {}
    issued: list[IssuedKey] = []
    status = 200
    if request.method == "POST":
        form = request.form
        errors = refused(
            lambda: issued.append(
                create_client(
                    rt,
                    rt.unit_of_work(),
                    actor_id=current_user.id,
                    name=form.get("name", ""),
                    agencies=form.getlist("agencies"),
                    operations=form.getlist("operations"),
                    rate_limit=form.get("rate_limit", "").strip() or DEFAULT_RATE_LIMIT,
                )
            )
        )
        status = 400 if errors else 201
    with rt.unit_of_work() as uow:
        found = clients(uow.session)
        agencies = list(uow.session.scalars(select(Agency).order_by(Agency.code)))
        return (
            render_template(
                "admin/api_keys.html",
                clients=found,
                agencies=agencies,
                operations=list(Operation),
                issued=issued[0] if issued else None,
                errors=errors,
                default_limit=DEFAULT_RATE_LIMIT,
                tz=rt.tz,
            ),
            status,
        )


@bp.route("/<int:client_id>/revoke", methods=["POST"])
@admin_required
def revoke(client_id: int) -> ResponseReturnValue:
    rt = runtime()
    errors = refused(lambda: revoke_client(rt, rt.unit_of_work(), actor_id=current_user.id, client_id=client_id))
    message = next(iter(errors.values())) if errors else _("Đã thu hồi khoá API; hệ thống này không gọi được nữa.")
    return done(message, url_for("admin_api_keys.index"))
