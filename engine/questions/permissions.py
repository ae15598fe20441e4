"""Who may take a question's task: editors their own; the answering agency's specialists and leaders the answer."""

from __future__ import annotations

from engine.models import Role, TaskRow, User
from engine.people.permissions import LEADER_ROLES, may_work

ANSWERING_ROLES = (Role.SPECIALIST, *LEADER_ROLES)


def may_take(user: User, task: TaskRow) -> bool:
    if task.role is not Role.SPECIALIST:
        return may_work(user, task)
    return user.is_active and any(a.role in ANSWERING_ROLES and a.agency_id == task.agency_id for a in user.roles)


def may_see(user: User, task: TaskRow) -> bool:
    """Supervisors see every question besides those who work it."""
    return may_take(user, task) or any(a.role in (Role.SUPERVISOR, Role.QA_EDITOR) for a in user.roles)
