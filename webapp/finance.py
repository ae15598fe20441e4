"""The finance officer's page (kế toán): the differences the daily reconciliation (đối soát) found, each resolved with
a note."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engine.errors import DomainError, InvalidData
from engine.models import User
from engine.payments.reconciliation import open_differences, require_finance_officer, resolve_difference
from webapp.applicant import status_of
from webapp.domain_errors import field_errors
from webapp.staff import staff_required

bp = Blueprint("finance", __name__, url_prefix="/staff/payments/reconciliation")


@bp.route("/")
@staff_required
def differences() -> ResponseReturnValue:
    return _page({}, 200)


@bp.route("/<int:difference_id>/resolve", methods=["POST"])
@staff_required
def resolve(difference_id: int) -> ResponseReturnValue:
    """The officer closes one difference with what was done about it."""
    rt = current_app.extensions["motcua"]
    try:
        resolve_difference(
            rt,
            rt.unit_of_work(),
            difference_id=difference_id,
            actor_id=current_user.id,
            note=request.form.get("note", ""),
        )
    except InvalidData as invalid:
        return _page({f"note-{difference_id}": m for m in field_errors(invalid.errors).values()}, 400)
    except DomainError as error:
        abort(status_of(error))
    flash(_("Đã ghi nhận xử lý chênh lệch."), "info")
    return redirect(url_for("finance.differences")), 303


def _page(errors: dict[str, str], status: int) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        try:
            officer = require_finance_officer(uow.session.get(User, current_user.id))
        except DomainError as error:
            abort(status_of(error))
        return render_template(
            "staff/payment_differences.html",
            open=open_differences(uow.session, officer),
            resolved=open_differences(uow.session, officer, resolved=True)[:50],
            errors=errors,
            tz=rt.tz,
        ), status
