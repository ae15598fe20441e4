"""Signing in: look a person up by username or email and check the password."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.models import User
from engine.passwords import hash_password, needs_rehash, verify_password
from engine.text import nfc

# Verifying against a real hash when the user does not exist keeps the answer time the same either way.
_UNKNOWN_USER_HASH = hash_password("no such user")


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The active user with this username or email and password, else None; upgrades an old hash."""
    login = nfc(login.strip()).lower()
    user = session.scalar(select(User).where(or_(func.lower(User.username) == login, func.lower(User.email) == login)))
    if user is None or not user.is_active:
        verify_password(_UNKNOWN_USER_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
