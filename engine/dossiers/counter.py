"""Counter reception (tiếp nhận trực tiếp): where a clerk receives and which procedures are received there."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.procedures import current_version
from engine.models import Agency, AgencyTier, Procedure, ProcedureVersion, Role, User


def reception_units(user: User) -> list[Agency]:
    """The receiving units in which the user is a reception clerk."""
    units = {a.agency.id: a.agency for a in user.roles if a.role is Role.RECEPTION_CLERK and a.agency.receives_dossiers}
    return sorted(units.values(), key=lambda unit: unit.name)


def procedures_at(session: Session, unit: Agency, on: date) -> list[ProcedureVersion]:
    """The procedures in force that this unit receives: commune procedures at communes, the others at the province."""
    versions = (current_version(session, slug, on) for slug in session.scalars(select(Procedure.slug)))
    at_commune = unit.tier is AgencyTier.COMMUNE
    return sorted(
        (v for v in versions if v is not None and (v.implementing_level is AgencyTier.COMMUNE) == at_commune),
        key=lambda version: version.name_vi,
    )
