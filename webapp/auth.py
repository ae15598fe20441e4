"""Sign-in and sign-out for staff and applicants (Flask-Login sessions, CSRF-protected forms)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from engine.languages import LANGUAGES, localized
from engine.models import Agency, Department, User
from engine.people.accounts import EmailNotVerified, sign_in
from engine.text import parse_int
from webapp.form_base import Form
from webapp.limits import client_address, limiter, sign_in_throttle

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()


@dataclass(frozen=True)
class SignedInUser(UserMixin):
    """The person behind the request, as plain values detached from any database session."""

    id: int
    username: str
    full_name: str
    kind: str
    roles: tuple[tuple[str, UnitName], ...]  # (role, its unit)
    session_version: int

    @classmethod
    def of(cls, user: User) -> SignedInUser:
        roles = tuple((r.role.value, UnitName.of(r.agency, r.department)) for r in user.roles)
        return cls(user.id, user.username, user.full_name, user.kind.value, roles, user.session_version)

    def get_id(self) -> str:
        """The session's identity: the user and their session version, so a password change ends it."""
        return f"{self.id}:{self.session_version}"


@dataclass(frozen=True)
class UnitName:
    """A role's unit, "agency — department", in each language (the filter `localized` picks one)."""

    name: str
    name_en: str

    @classmethod
    def of(cls, agency: Agency, department: Department | None) -> UnitName:
        parts = [agency, department] if department else [agency]
        return cls(*(" — ".join(localized(part, "name", language) for part in parts) for language in LANGUAGES))


class LoginForm(Form):
    login = StringField(_l("Tên đăng nhập hoặc email"), validators=[DataRequired(), Length(max=255)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=255)])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(session_id: str) -> SignedInUser | None:
    user_text, _sep, version_text = session_id.partition(":")
    user_id, version = parse_int(user_text), parse_int(version_text)
    if user_id is None or version is None:
        return None
    with current_app.extensions["motcua"].unit_of_work() as uow:
        # with the roles in the same statement: on every page of a signed-in person
        user = uow.session.get(User, user_id, options=[joinedload(User.roles)])
        if user is None or not user.is_active or user.session_version != version:
            return None
        return SignedInUser.of(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        rt = current_app.extensions["motcua"]
        with rt.unit_of_work() as uow:
            try:
                user = sign_in(
                    uow.session,
                    form.login.data or "",
                    form.password.data or "",
                    address=client_address(),
                    now=rt.clock.now(),
                    throttle=sign_in_throttle(current_app),
                )
            except EmailNotVerified:
                form.login.errors.append(
                    _("Email của tài khoản chưa được xác thực. Vui lòng mở liên kết trong thư xác thực.")
                )
                return render_template("login.html", form=form, unverified=True), 403
            signed_in = SignedInUser.of(user) if user else None
            uow.commit()
        if signed_in is None:
            # one answer for an unknown login, a wrong password and a throttled attempt: nothing tells them apart
            form.password.errors.append(
                _("Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần nhập sai, vui lòng chờ ít phút rồi thử lại.")
            )
            return render_template("login.html", form=form), 401
        login_user(signed_in, remember=bool(form.remember.data))
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", form=form), 400 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a `next` pointing elsewhere is an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")
