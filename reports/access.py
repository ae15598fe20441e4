"""Who may see which report: supervisors every unit, an agency leader their own agency and what lies under it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from engine.errors import NotAllowed
from engine.models import Department, Role, User
from reports.scope import ReportScope, agency_and_descendants

ACTION = "xem báo cáo của đơn vị này"


def may_see_reports(user: User) -> bool:
    return user.is_active and any(a.role in (Role.SUPERVISOR, Role.AGENCY_LEADER) for a in user.roles)


def allowed_agencies(session: Session, user: User) -> set[int] | None:
    """None for a supervisor (every unit); else the agencies the user leads and the units under them."""
    if not may_see_reports(user):
        raise NotAllowed(action=ACTION)
    if any(a.role is Role.SUPERVISOR for a in user.roles):
        return None
    led = [a.agency_id for a in user.roles if a.role is Role.AGENCY_LEADER]
    return {unit for agency_id in led for unit in agency_and_descendants(session, agency_id)}


def restrict(session: Session, user: User, scope: ReportScope) -> ReportScope:
    """The scope as this user may see it: a leader without a unit chosen gets their own agency; others are refused."""
    allowed = allowed_agencies(session, user)
    if allowed is None:
        return scope
    if scope.department_id is not None:
        department = session.get(Department, scope.department_id)
        if department is None or department.agency_id not in allowed:
            raise NotAllowed(action=ACTION)
    if scope.agency_id is None:
        led = next(a.agency_id for a in user.roles if a.role is Role.AGENCY_LEADER)
        return replace(scope, agency_id=led)
    if scope.agency_id not in allowed:
        raise NotAllowed(action=ACTION)
    return scope
