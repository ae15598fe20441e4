"""Changing one's own password (`/account/password`): this session stays signed in, every other one ends."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from engine.errors import InvalidData
from engine.people.accounts import MIN_PASSWORD_LENGTH, change_password
from webapp.auth import SignedInUser
from webapp.domain_errors import field_errors
from webapp.form_base import Form
from webapp.limits import limiter

bp = Blueprint("password", __name__)


REQUIRED = _l("Bắt buộc nhập.")


class PasswordForm(Form):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED), Length(max=255)])
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(REQUIRED),
            Length(min=MIN_PASSWORD_LENGTH, max=255, message=_l("Từ %(min)d đến %(max)d ký tự.")),
        ],
    )
    new_password_again = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new_password", message=_l("Hai lần nhập mật khẩu mới không khớp.")),
        ],
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def change() -> ResponseReturnValue:
    form = PasswordForm()
    if form.validate_on_submit():
        rt = current_app.extensions["motcua"]
        with rt.unit_of_work() as uow:
            try:
                user = change_password(
                    uow.session, current_user.id, form.current_password.data or "", form.new_password.data or ""
                )
            except InvalidData as invalid:
                for name, message in field_errors(invalid.errors).items():
                    getattr(form, name).errors.append(message)
                return _page(form, 400)
            signed_in = SignedInUser.of(user)
            uow.commit()
        login_user(signed_in)  # this session carries the new session version; older ones no longer match
        flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."), "info")
        return redirect(url_for("home.index")), 303
    return _page(form, 400 if form.errors else 200)


def _page(form: PasswordForm, status: int) -> ResponseReturnValue:
    return render_template("password.html", form=form, min_length=MIN_PASSWORD_LENGTH), status
