"""Who may see a dossier and its files: staff of a unit that received it, resolves it or has a task on it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.models import Dossier, Role, TaskRow, User, UserKind


def visible_dossier(session: Session, code: str, user: User) -> Dossier:
    """The dossier if this member of staff may see it; otherwise NotFound, so that codes cannot be probed."""
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None or not may_see(session, dossier, user):
        raise NotFound(what=f"hồ sơ {code}")
    return dossier


def may_see(session: Session, dossier: Dossier, user: User) -> bool:
    if not user.is_active or user.kind is not UserKind.STAFF:
        return False
    agencies = {a.agency_id for a in user.roles if a.role not in (Role.QA_EDITOR, Role.ADMIN)}
    if any(a.role is Role.SUPERVISOR for a in user.roles):
        return True
    if agencies & {dossier.receiving_unit_id, dossier.resolving_agency_id}:
        return True
    return bool(
        agencies
        and session.scalar(
            select(TaskRow.id).where(TaskRow.dossier_id == dossier.id, TaskRow.agency_id.in_(agencies)).limit(1)
        )
    )
