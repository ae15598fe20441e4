"""Signing in and passwords: lookup by username or email, lockout after repeated failures, sign-out everywhere.

Five wrong passwords in a row lock the account for 15 minutes; a successful sign-in clears the count.
Changing a password bumps `session_version`, which every signed-in session carries: older sessions end.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.errors import N_, DomainError, InvalidData, NotFound
from engine.models import User, UserKind
from engine.people.passwords import hash_password, needs_rehash, verify_password
from engine.text import nfc

# Verifying against a real hash when the user does not exist keeps the answer time the same either way.
_UNKNOWN_USER_HASH = hash_password("no such user")


MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10  # the message of set_password names it


class AccountLocked(DomainError):
    """Too many wrong passwords in a row; sign-in is refused until `until`, even with the right one."""

    code = "account_locked"
    message = N_("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {minutes} phút.")


class EmailNotVerified(DomainError):
    """An applicant signs in only once the emailed verification link has been opened."""

    code = "email_not_verified"
    message = "Email của tài khoản chưa được xác thực. Vui lòng mở liên kết trong thư xác thực."


def authenticate(session: Session, login: str, password: str, now: datetime) -> User | None:
    """The active user with this username or email and password, else None; upgrades an old hash.

    The caller commits either way: a failure is counted, and the fifth in a row locks the account.
    """
    login = nfc(login.strip()).lower()
    user = session.scalar(select(User).where(or_(func.lower(User.username) == login, func.lower(User.email) == login)))
    if user is None or not user.is_active:
        verify_password(_UNKNOWN_USER_HASH, password)
        return None
    if user.locked_until is not None and user.locked_until > now:
        raise AccountLocked(minutes=max(1, -(-(user.locked_until - now) // timedelta(minutes=1))))
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins, user.locked_until = 0, now + LOCKOUT
        return None
    if user.kind is UserKind.APPLICANT and user.email_verified_at is None:
        raise EmailNotVerified()
    user.failed_logins, user.locked_until = 0, None
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
    user.failed_logins, user.locked_until = 0, None


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
