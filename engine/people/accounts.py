"""Signing in and passwords: lookup by username or email, throttled guessing, sign-out everywhere.

Wrong sign-ins slow down the same login from the same address (`sign_in_throttle`), never the account itself,
and every refusal reads the same, so nobody learns which logins exist. Changing a password bumps
`session_version`, which every signed-in session carries: older sessions end.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.errors import N_, DomainError, InvalidData, NotFound
from engine.models import User, UserKind
from engine.people.passwords import hash_password, needs_rehash, verify_password
from engine.people.sign_in_throttle import SignInThrottle, login_key

# Verifying against a real hash when the user does not exist keeps the answer time the same either way.
_UNKNOWN_USER_HASH = hash_password("no such user")

MIN_PASSWORD_LENGTH = 10  # the message of set_password names it


class EmailNotVerified(DomainError):
    """An applicant signs in only once the emailed verification link has been opened."""

    code = "email_not_verified"
    message = "Email của tài khoản chưa được xác thực. Vui lòng mở liên kết trong thư xác thực."


def sign_in(
    session: Session, login: str, password: str, *, address: str, now: datetime, throttle: SignInThrottle
) -> User | None:
    """The user these credentials name, else None: for an unknown login, a wrong password or an attempt made before
    the throttle allows one alike. The caller commits (an old hash is upgraded)."""
    if throttle.next_allowed(login, address, now) is not None:
        return None
    user = authenticate(session, login, password)
    if user is None:
        throttle.failed(login, address, now)
    else:
        throttle.succeeded(login, address)
    return user


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The active user with this username or email and password, else None; upgrades an old hash.

    An unknown login is checked against a real hash too, so the answer takes as long either way.
    """
    login = login_key(login)
    user = session.scalar(select(User).where(or_(func.lower(User.username) == login, func.lower(User.email) == login)))
    if user is None or not user.is_active:
        verify_password(_UNKNOWN_USER_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if user.kind is UserKind.APPLICANT and user.email_verified_at is None:
        raise EmailNotVerified()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_password(user: User, new_password: str) -> None:
    """Give the user a new password and end every session signed in with the old one."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        # the number is spelled out so that the message can be translated as it stands
        raise InvalidData({"new_password": N_("Mật khẩu mới phải có ít nhất 10 ký tự.")})
    user.password_hash = hash_password(new_password)
    user.session_version += 1


def change_password(session: Session, user_id: int, current: str, new_password: str) -> User:
    """The signed-in person's own change: the current password first; the caller commits."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound(what=N_("người dùng"))
    if not verify_password(user.password_hash, current):
        raise InvalidData({"current_password": N_("Mật khẩu hiện tại không đúng.")})
    if verify_password(user.password_hash, new_password):
        raise InvalidData({"new_password": N_("Mật khẩu mới phải khác mật khẩu hiện tại.")})
    set_password(user, new_password)
    return user
