"""Demo data: a province with agencies, one user per role, real procedures; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.demo import DEMO_PASSWORD, load_demo_data
from engine.models import Agency, AgencyTier, Procedure, ProcedureVersion, Role, RoleAssignment, User, UserKind
from engine.passwords import verify_password

TABLES = (Agency, User, RoleAssignment, Procedure, ProcedureVersion)


def _counts(session) -> dict[str, int]:
    return {t.__name__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def test_loading_twice_adds_nothing(runtime, clock):
    with runtime.unit_of_work() as uow:
        first_logins = load_demo_data(uow.session, clock.now())
        uow.commit()
    with runtime.unit_of_work() as uow:
        before = _counts(uow.session)
        second_logins = load_demo_data(uow.session, clock.now())
        uow.commit()
    with runtime.unit_of_work() as uow:
        assert _counts(uow.session) == before
    assert first_logins == second_logins


def test_the_demo_province_has_what_every_role_needs(runtime, clock):
    with runtime.unit_of_work() as uow:
        logins = load_demo_data(uow.session, clock.now())
        uow.commit()
        session = uow.session
        tiers = session.scalars(select(Agency.tier)).all()
        assert tiers.count(AgencyTier.PROVINCIAL_AGENCY) >= 3
        assert tiers.count(AgencyTier.COMMUNE) >= 2
        roles = set(session.scalars(select(RoleAssignment.role)))
        assert roles == set(Role)
        assert session.scalar(select(func.count()).select_from(Procedure)) >= 5
        applicants = session.scalars(select(User).where(User.kind == UserKind.APPLICANT)).all()
        assert {a.applicant_type.value for a in applicants} == {"citizen", "organisation"}
        user = session.scalar(select(User).where(User.username == logins[0].username))
        assert verify_password(user.password_hash, DEMO_PASSWORD)


def test_every_agency_that_resolves_has_a_specialist_and_leaders(runtime, clock):
    with runtime.unit_of_work() as uow:
        load_demo_data(uow.session, clock.now())
        for agency in uow.session.scalars(select(Agency).where(Agency.tier != AgencyTier.PROVINCE)):
            roles = set(uow.session.scalars(select(RoleAssignment.role).where(RoleAssignment.agency_id == agency.id)))
            assert {Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER} <= roles, agency.name
            assert (Role.RECEPTION_CLERK in roles) == agency.receives_dossiers, agency.name
