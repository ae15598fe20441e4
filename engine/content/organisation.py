"""The province's organisation for its introduction pages: every agency from the agency tree, with its address and
phone, and its leaders' names and official contacts (giới thiệu cơ cấu tổ chức, thông tin liên hệ)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Agency, Role, RoleAssignment, User


@dataclass(frozen=True)
class Official:
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class AgencyContacts:
    agency: Agency
    leaders: list[Official]


def organisation(session: Session) -> list[AgencyContacts]:
    """Every agency, the province first, then its agencies and communes by name, each with its active leaders."""
    agencies = list(session.scalars(select(Agency).order_by(Agency.parent_id.is_not(None), Agency.tier, Agency.name)))
    rows = session.execute(
        select(RoleAssignment.agency_id, User.full_name, User.email, User.phone)
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.role == Role.AGENCY_LEADER, User.is_active)
        .order_by(User.full_name)
    ).all()
    leaders: dict[int, list[Official]] = {}
    for agency_id, name, email, phone in rows:
        leaders.setdefault(agency_id, []).append(Official(name, email or "", phone))
    return [AgencyContacts(agency, leaders.get(agency.id, [])) for agency in agencies]
