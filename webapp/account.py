"""Applicant accounts: register, verify the email, reset a forgotten password, and the profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from engine.errors import InvalidData
from engine.models import ApplicantType, User
from engine.people.accounts import MIN_PASSWORD_LENGTH
from engine.people.applicants import (
    Registration,
    RegistrationInvalid,
    register,
    request_password_reset,
    resend_verification,
    reset_password,
    update_profile,
    verify_email,
)
from engine.people.tokens import TokenInvalid
from webapp.applicant import applicant_required
from webapp.form_base import Form
from webapp.limits import limiter

bp = Blueprint("account", __name__, url_prefix="/account")

PROBLEM_MESSAGES = {
    "required": _l("Bắt buộc nhập."),
    "id_number_format": _l("Số căn cước công dân phải gồm đúng 12 chữ số."),
    "id_number_birth_year": _l("Số căn cước công dân không khớp với năm sinh."),
    "id_number_taken": _l("Số căn cước công dân này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu."),
    "tax_code_format": _l("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số đối với đơn vị phụ thuộc."),
    "tax_code_taken": _l("Mã số thuế này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu."),
    "phone_format": _l("Số điện thoại chưa đúng (ví dụ 0912345678)."),
    "email_format": _l("Địa chỉ email chưa đúng (ví dụ ten@example.vn)."),
    "date_of_birth_range": _l("Ngày sinh chưa đúng."),
    "password_short": _l("Mật khẩu phải có ít nhất %(count)s ký tự.", count=MIN_PASSWORD_LENGTH),
    "password_mismatch": _l("Hai lần nhập mật khẩu không giống nhau."),
}
LANGUAGE_CHOICES = [
    SelectChoice("vi", "Tiếng Việt", render_kw={"lang": "vi"}),
    SelectChoice("en", "English", render_kw={"lang": "en"}),
]


class RegisterForm(Form):
    applicant_type = RadioField(
        _l("Đăng ký cho"),
        choices=[SelectChoice("citizen", _l("Công dân")), SelectChoice("organisation", _l("Tổ chức, doanh nghiệp"))],
        default="citizen",
    )
    full_name = StringField(_l("Họ và tên (tổ chức: tên đầy đủ)"), validators=[Length(max=255)])
    id_number = StringField(_l("Số căn cước công dân (12 chữ số)"), validators=[Length(max=20)])
    date_of_birth = StringField(_l("Ngày sinh"), validators=[Length(max=10)])
    tax_code = StringField(_l("Mã số thuế"), validators=[Length(max=20)])
    phone = StringField(_l("Số điện thoại"), validators=[Length(max=32)])
    email = EmailField(_l("Email"), validators=[Length(max=255)])
    address = StringField(_l("Địa chỉ (không bắt buộc)"), validators=[Length(max=255)])
    password = PasswordField(
        _l("Mật khẩu (ít nhất %(count)s ký tự)", count=MIN_PASSWORD_LENGTH), validators=[Length(max=255)]
    )
    password_again = PasswordField(_l("Nhập lại mật khẩu"), validators=[Length(max=255)])


class EmailForm(Form):
    email = EmailField(_l("Email đã đăng ký"), validators=[DataRequired(), Length(max=255)])


class NewPasswordForm(Form):
    password = PasswordField(
        _l("Mật khẩu mới (ít nhất %(count)s ký tự)", count=MIN_PASSWORD_LENGTH), validators=[Length(max=255)]
    )
    password_again = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[Length(max=255)])


class ProfileForm(Form):
    phone = StringField(_l("Số điện thoại"), validators=[Length(max=32)])
    address = StringField(_l("Địa chỉ"), validators=[Length(max=255)])
    language = SelectField(_l("Ngôn ngữ của thông báo"), choices=LANGUAGE_CHOICES)


def _show_problems(form: Form, invalid: RegistrationInvalid) -> None:
    for field, problem in invalid.problems.items():
        getattr(form, field).errors = [str(PROBLEM_MESSAGES[problem])]


def _no_referrer(response: Any) -> Any:
    """A page whose address holds a token must not leak it to another site."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per minute; 30 per hour", methods=["POST"])
def register_page() -> ResponseReturnValue:
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("account/register.html", form=form), 400 if form.errors else 200
    rt = current_app.extensions["motcua"]
    citizen = form.applicant_type.data != ApplicantType.ORGANISATION.value
    registration = Registration(
        applicant_type=ApplicantType.CITIZEN if citizen else ApplicantType.ORGANISATION,
        full_name=form.full_name.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        password=form.password.data or "",
        password_again=form.password_again.data or "",
        id_number=(form.id_number.data or "") if citizen else "",
        date_of_birth=_date(form.date_of_birth.data) if citizen else None,
        tax_code="" if citizen else (form.tax_code.data or ""),
        address=form.address.data or "",
        language=get_locale().language,
    )
    try:
        register(rt, rt.unit_of_work(), registration)
    except RegistrationInvalid as invalid:
        if citizen and form.date_of_birth.data and registration.date_of_birth is None:
            invalid.problems["date_of_birth"] = "date_of_birth_range"
        _show_problems(form, invalid)
        return render_template("account/register.html", form=form), 400
    return render_template("account/check_email.html", email=form.email.data), 201


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@bp.route("/verify/<token>")
def verify(token: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    try:
        verify_email(rt, rt.unit_of_work(), token)
    except TokenInvalid:
        return _no_referrer(current_app.make_response((render_template("account/link_invalid.html"), 400)))
    flash(_("Email đã được xác thực. Mời bạn đăng nhập."), "info")
    return _no_referrer(redirect(url_for("auth.login")))


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def resend() -> ResponseReturnValue:
    """Ask for a new verification mail."""
    return _mail_to_address(resend_verification, "account/resend.html", "account/check_email.html")


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def reset_request() -> ResponseReturnValue:
    """Ask for a reset link."""
    return _mail_to_address(request_password_reset, "account/reset_request.html", "account/reset_sent.html")


def _mail_to_address(service: Any, form_page: str, sent_page: str) -> ResponseReturnValue:
    """The form asking for an address; once posted, the same answer whether the address has an account or not."""
    form = EmailForm()
    if not form.validate_on_submit():
        return render_template(form_page, form=form)
    rt = current_app.extensions["motcua"]
    service(rt, rt.unit_of_work(), form.email.data or "")
    return render_template(sent_page, email=form.email.data)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset(token: str) -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    form = NewPasswordForm()
    new_password = None
    if form.validate_on_submit():
        if form.password.data != form.password_again.data:
            form.password_again.errors = [str(PROBLEM_MESSAGES["password_mismatch"])]
        else:
            new_password = form.password.data or ""
    try:
        reset_password(rt, rt.unit_of_work(), token, new_password)
    except TokenInvalid:
        return _no_referrer(current_app.make_response((render_template("account/link_invalid.html"), 400)))
    except InvalidData:
        form.password.errors = [str(PROBLEM_MESSAGES["password_short"])]
        new_password = None
    if new_password is None:
        status = 400 if form.errors else 200
        return _no_referrer(current_app.make_response((render_template("account/reset.html", form=form), status)))
    logout_user()
    flash(_("Mật khẩu mới đã được lưu. Mời bạn đăng nhập."), "info")
    return _no_referrer(redirect(url_for("auth.login")))


@bp.route("/profile", methods=["GET", "POST"])
@applicant_required
def profile() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        user = uow.session.get(User, current_user.id)
    form = ProfileForm(obj=user)
    status = 200
    if form.validate_on_submit():
        try:
            update_profile(
                rt,
                rt.unit_of_work(),
                user_id=user.id,
                phone_number=form.phone.data or "",
                address=form.address.data or "",
                language=form.language.data or "vi",
            )
        except RegistrationInvalid as invalid:
            _show_problems(form, invalid)
            status = 400
        else:
            session["locale"] = form.language.data
            flash(_("Đã lưu thông tin tài khoản."), "info")
            return redirect(url_for("account.profile")), 303
    elif form.errors:
        status = 400
    return render_template("account/profile.html", form=form, user=user), status
