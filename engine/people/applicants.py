"""Applicant accounts (tài khoản công dân, tổ chức): register, verify the email, reset the password, profile.

Links mailed to applicants carry signed, expiring tokens. A reset token names the account's session
version, which the new password bumps: the link works once, and older sessions end with it.
Registering with an email that already has an account tells nobody but that email's owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from engine.errors import InvalidData, NotFound
from engine.models import ApplicantType, OutboxMessage, User, UserKind
from engine.notices.compose import LANGUAGES, account_mail
from engine.people.accounts import MIN_PASSWORD_LENGTH, set_password
from engine.people.identity import IdentityProblem, birth_date, email, id_number, phone, tax_code
from engine.people.passwords import hash_password
from engine.people.tokens import TokenInvalid, make_token, read_token
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

VERIFICATION_VALID = timedelta(hours=48)
RESET_VALID = timedelta(hours=1)

# Stable codes of what can be wrong with a registration, and their Vietnamese wording (the web translates them).
PROBLEMS = {
    "required": "Bắt buộc nhập.",
    "id_number_format": "Số căn cước công dân phải gồm đúng 12 chữ số.",
    "id_number_birth_year": "Số căn cước công dân không khớp với năm sinh.",
    "id_number_taken": "Số căn cước công dân này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu.",
    "tax_code_format": "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số đối với đơn vị phụ thuộc.",
    "tax_code_taken": "Mã số thuế này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu.",
    "phone_format": "Số điện thoại chưa đúng (ví dụ 0912345678).",
    "email_format": "Địa chỉ email chưa đúng (ví dụ ten@example.vn).",
    "date_of_birth_range": "Ngày sinh chưa đúng.",
    "password_short": f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
    "password_mismatch": "Hai lần nhập mật khẩu không giống nhau.",
}


class RegistrationInvalid(InvalidData):
    """What is wrong, field by field; `problems` keeps the stable codes for translation."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__({field: PROBLEMS[problem] for field, problem in problems.items()})


@dataclass(frozen=True)
class Registration:
    """What a person types to register: a citizen gives the CCCD and date of birth, an organisation its tax code."""

    applicant_type: ApplicantType
    full_name: str
    email: str
    phone: str
    password: str
    password_again: str
    id_number: str = ""
    date_of_birth: date | None = None
    tax_code: str = ""
    address: str = ""
    language: str = "vi"


def register(runtime: Runtime, uow: UnitOfWork, form: Registration) -> None:
    """Create the account, unverified, and queue the verification mail.

    An email that already has an account gets a mail saying so instead; the person registering sees the
    same answer either way, so the form never tells whose address is registered.
    """
    with uow:
        session, at = uow.session, runtime.clock.now()
        values, problems = _checked(form, at.astimezone(runtime.tz).date())
        identity_field = "id_number" if form.applicant_type is ApplicantType.CITIZEN else "tax_code"
        if identity_field not in problems:
            column = User.id_number if identity_field == "id_number" else User.tax_code
            same = or_(column == values[identity_field], User.username == values[identity_field])
            taken = session.scalar(select(User.id).where(same))
            if taken is not None:
                problems[identity_field] = f"{identity_field}_taken"
        if problems:
            raise RegistrationInvalid(problems)
        owner = session.scalar(select(User).where(func.lower(User.email) == values["email"].lower()))
        if owner is not None:
            if owner.kind is UserKind.APPLICANT:
                session.add(account_mail(owner, "account_exists", at, f"{runtime.settings.public_url}/account/reset"))
                uow.commit()
            return
        user = User(
            username=values[identity_field],
            password_hash=hash_password(form.password),
            kind=UserKind.APPLICANT,
            created_at=at,
            language=form.language if form.language in LANGUAGES else "vi",
            **values,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError:  # registered at the same moment by another request
            raise RegistrationInvalid({identity_field: f"{identity_field}_taken"}) from None
        session.add(_verification_mail(runtime, user, at))
        uow.commit()


def _checked(form: Registration, today: date) -> tuple[dict[str, object], dict[str, str]]:
    """The registration's values in stored form, and the problem code of every field that is wrong."""
    values: dict[str, object] = {
        "full_name": nfc(form.full_name.strip()),
        "address": nfc(form.address.strip()),
        "applicant_type": form.applicant_type,
    }
    problems: dict[str, str] = {}
    if not values["full_name"]:
        problems["full_name"] = "required"
    checks = {"email": lambda: email(form.email), "phone": lambda: phone(form.phone)}
    if form.applicant_type is ApplicantType.CITIZEN:
        checks["date_of_birth"] = lambda: birth_date(form.date_of_birth, today)
        checks["id_number"] = lambda: id_number(form.id_number, form.date_of_birth)
    else:
        checks["tax_code"] = lambda: tax_code(form.tax_code)
    for field, check in checks.items():
        raw = getattr(form, field)
        if raw in ("", None):
            problems[field] = "required"
            continue
        try:
            values[field] = check()
        except IdentityProblem as problem:
            problems[field] = problem.details["problem"]
    if len(form.password) < MIN_PASSWORD_LENGTH:
        problems["password"] = "password_short"
    elif form.password != form.password_again:
        problems["password_again"] = "password_mismatch"
    return values, problems


def _verification_mail(runtime: Runtime, user: User, at: datetime) -> OutboxMessage:
    expires = at + VERIFICATION_VALID
    token = make_token(runtime.settings.secret_key, "verify", {"u": user.id, "e": user.email}, expires)
    link = f"{runtime.settings.public_url}/account/verify/{token}"
    return account_mail(user, "email_verification", at, link, expires.astimezone(runtime.tz))


def verify_email(runtime: Runtime, uow: UnitOfWork, token: str) -> None:
    """Mark the email verified; following the link again changes nothing."""
    with uow:
        at = runtime.clock.now()
        payload = read_token(runtime.settings.secret_key, "verify", token, at)
        user = uow.session.get(User, payload.get("u"))
        if user is None or user.email != payload.get("e") or not user.is_active:
            raise TokenInvalid()
        user.email_verified_at = user.email_verified_at or at
        uow.commit()


def resend_verification(runtime: Runtime, uow: UnitOfWork, address: str) -> None:
    """A new verification mail for an unverified applicant with this email; nothing otherwise, silently."""
    with uow:
        user = _applicant_by_email(uow, address)
        if user is not None and user.email_verified_at is None:
            uow.session.add(_verification_mail(runtime, user, runtime.clock.now()))
            uow.commit()


def request_password_reset(runtime: Runtime, uow: UnitOfWork, address: str) -> None:
    """Queue a one-time reset link for the applicant with this email; nothing otherwise, silently."""
    with uow:
        user = _applicant_by_email(uow, address)
        if user is None:
            return
        at = runtime.clock.now()
        expires = at + RESET_VALID
        payload = {"u": user.id, "v": user.session_version}
        token = make_token(runtime.settings.secret_key, "reset", payload, expires)
        link = f"{runtime.settings.public_url}/account/reset/{token}"
        uow.session.add(account_mail(user, "password_reset", at, link, expires.astimezone(runtime.tz)))
        uow.commit()


def reset_password(runtime: Runtime, uow: UnitOfWork, token: str, new_password: str | None) -> str:
    """Check the reset link and, given a new password, set it; returns the account's username.

    Without a password only the link is checked (the page that asks for the new one).
    """
    with uow:
        at = runtime.clock.now()
        payload = read_token(runtime.settings.secret_key, "reset", token, at)
        user = uow.session.get(User, payload.get("u"))
        if user is None or not user.is_active or user.session_version != payload.get("v"):
            raise TokenInvalid()
        if new_password is not None:
            set_password(user, new_password)
            user.email_verified_at = user.email_verified_at or at  # the mailed link proves the address
            uow.commit()
        return user.username


def update_profile(
    runtime: Runtime, uow: UnitOfWork, *, user_id: int, phone_number: str, address: str, language: str
) -> None:
    """The details an applicant may change themselves; name, identity numbers and email stay as verified."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is None or user.kind is not UserKind.APPLICANT:
            raise NotFound(what="tài khoản")
        try:
            user.phone = phone(phone_number)
        except IdentityProblem as problem:
            raise RegistrationInvalid({"phone": problem.details["problem"]}) from None
        user.address = nfc(address.strip())[:255]
        user.language = language if language in LANGUAGES else user.language
        uow.commit()


def _applicant_by_email(uow: UnitOfWork, address: str) -> User | None:
    return uow.session.scalar(
        select(User).where(
            func.lower(User.email) == nfc(address.strip()).lower(),
            User.kind == UserKind.APPLICANT,
            User.is_active,
        )
    )
