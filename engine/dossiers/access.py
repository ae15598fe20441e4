"""The staff's way to a dossier by its code: only for staff who may see it (`permissions.may_see_dossier`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.models import Dossier, User, UserKind
from engine.people.permissions import may_see_dossier


def visible_dossier(session: Session, code: str, user: User) -> Dossier:
    """The dossier if this member of staff may see it; otherwise NotFound, so that codes cannot be probed."""
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None or user.kind is not UserKind.STAFF or not may_see_dossier(session, user, dossier):
        raise NotFound(what=f"hồ sơ {code}")
    return dossier
