"""Demo data: a province with agencies, one user per role, real procedures; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.demo import DEMO_PASSWORD, load_demo_data
from engine.models import (
    Agency,
    AgencyTier,
    Department,
    Procedure,
    ProcedureVersion,
    Role,
    RoleAssignment,
    User,
    UserKind,
)
from engine.people.passwords import verify_password

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


def test_every_procedure_has_people_to_handle_it_in_every_agency_that_resolves_it(runtime, clock):
    with runtime.unit_of_work() as uow:
        load_demo_data(uow.session, clock.now())
        session = uow.session
        communes = session.scalars(select(Agency).where(Agency.tier == AgencyTier.COMMUNE)).all()
        for version in session.scalars(select(ProcedureVersion)):
            for agency in [version.handling_agency] if version.handling_agency else communes:
                department_roles = set(
                    session.scalars(
                        select(RoleAssignment.role)
                        .join(RoleAssignment.department)
                        .where(RoleAssignment.agency_id == agency.id, Department.code == version.department_code)
                    )
                )
                assert {Role.SPECIALIST, Role.DEPARTMENT_LEADER} <= department_roles, (version.name_vi, agency.name)
                assert any(r.role is Role.AGENCY_LEADER for r in agency_roles(session, agency)), agency.name


def test_only_receiving_units_have_reception_clerks(runtime, clock):
    with runtime.unit_of_work() as uow:
        load_demo_data(uow.session, clock.now())
        for agency in uow.session.scalars(select(Agency)):
            has_clerk = any(r.role is Role.RECEPTION_CLERK for r in agency_roles(uow.session, agency))
            assert has_clerk == agency.receives_dossiers, agency.name


def agency_roles(session, agency):
    return session.scalars(select(RoleAssignment).where(RoleAssignment.agency_id == agency.id)).all()
