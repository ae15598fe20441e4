"""An administrator keeps staff accounts, their roles and the working calendar; nobody else can, and bad input
writes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from engine.errors import InvalidData, NotAllowed
from engine.models import CalendarOverrideRow, Event, Role, RoleAssignment, User
from engine.operations import calendar_overrides
from engine.people import staff
from engine.people.accounts import authenticate

PASSWORD = "mat-khau-moi-2026"


@pytest.fixture
def province(runtime, demo):
    return runtime


def _id(runtime, username: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def _count(runtime, model) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _create(runtime, **fields) -> User:
    values = {
        "username": "motcua.moi",
        "full_name": "Phan Thị Mới",
        "email": "moi@thaian.example.vn",
        "phone": "0912 000 111",
        "password": PASSWORD,
        **fields,
    }
    return staff.create_staff(runtime, runtime.unit_of_work(), actor_id=_id(runtime, "quantri"), **values)


def test_a_new_clerk_gets_an_account_and_a_role_and_signs_in(province, clock):
    admin = _id(province, "quantri")
    user = _create(province, username=" MotCua.Moi ")
    staff.grant_role(
        province,
        province.unit_of_work(),
        actor_id=admin,
        user_id=user.id,
        role="reception_clerk",
        agency="000.01.10.H99",
    )
    with province.unit_of_work() as uow:
        signed_in = authenticate(uow.session, "motcua.moi", PASSWORD)
        assert signed_in is not None and signed_in.full_name == "Phan Thị Mới"
        assert [(a.role, a.agency.code, a.department) for a in signed_in.roles] == [
            (Role.RECEPTION_CLERK, "000.01.10.H99", None)
        ]
        actions = uow.session.scalars(select(Event.action).where(Event.actor_id == admin).order_by(Event.id)).all()
    assert actions == ["staff_created", "role_granted"]


def test_bad_account_input_is_refused_field_by_field_and_writes_nothing(province):
    before = (_count(province, User), _count(province, Event))
    with pytest.raises(InvalidData) as refused:
        _create(province, username="x", full_name=" ", email="not-an-address", phone="0" * 40, password="short")
    assert set(refused.value.errors) == {"username", "full_name", "email", "phone", "password"}
    with pytest.raises(InvalidData) as taken:
        _create(province, username="motcua.anhoa", email="motcua.anhoa@thaian.example.vn")
    assert set(taken.value.errors) == {"username", "email"}
    assert (_count(province, User), _count(province, Event)) == before


def test_a_role_must_name_a_known_role_agency_and_one_of_its_departments(province):
    admin, user = _id(province, "quantri"), _create(province)
    before = _count(province, RoleAssignment)

    def grant(**fields):
        values = {"role": "specialist", "agency": "000.00.31.H99", "department": "", **fields}
        return staff.grant_role(province, province.unit_of_work(), actor_id=admin, user_id=user.id, **values)

    with pytest.raises(InvalidData) as refused:
        grant(role="mayor", agency="nowhere")
    assert set(refused.value.errors) == {"role", "agency"}
    with pytest.raises(InvalidData) as foreign:
        grant(department="no-such-department")
    assert set(foreign.value.errors) == {"department"}
    grant()
    with pytest.raises(InvalidData) as twice:
        grant()
    assert set(twice.value.errors) == {"role"}
    assert _count(province, RoleAssignment) == before + 1


def test_a_locked_account_cannot_sign_in_and_its_sessions_end(province, clock):
    admin, clerk = _id(province, "quantri"), _id(province, "motcua.anhoa")
    with province.unit_of_work() as uow:
        version = uow.session.get(User, clerk).session_version
    staff.set_active(province, province.unit_of_work(), actor_id=admin, user_id=clerk, active=False)
    with province.unit_of_work() as uow:
        assert uow.session.get(User, clerk).session_version == version + 1
        assert authenticate(uow.session, "motcua.anhoa", "motcua-demo") is None
    staff.set_active(province, province.unit_of_work(), actor_id=admin, user_id=clerk, active=True)
    staff.reset_password(province, province.unit_of_work(), actor_id=admin, user_id=clerk, password=PASSWORD)
    with province.unit_of_work() as uow:
        assert authenticate(uow.session, "motcua.anhoa", PASSWORD) is not None
    with pytest.raises(InvalidData) as own:
        staff.set_active(province, province.unit_of_work(), actor_id=admin, user_id=admin, active=False)
    assert set(own.value.errors) == {"active"}


def test_the_last_administrator_role_is_never_taken_back_but_a_second_one_is(province):
    admin = _id(province, "quantri")
    with province.unit_of_work() as uow:
        assignment = uow.session.scalar(select(RoleAssignment.id).where(RoleAssignment.role == Role.ADMIN))
    with pytest.raises(InvalidData) as refused:
        staff.revoke_role(province, province.unit_of_work(), actor_id=admin, assignment_id=assignment)
    assert set(refused.value.errors) == {"role"}
    second = staff.grant_role(
        province, province.unit_of_work(), actor_id=admin, user_id=admin, role="admin", agency="000.01.10.H99"
    )
    staff.revoke_role(province, province.unit_of_work(), actor_id=admin, assignment_id=assignment)
    with pytest.raises(InvalidData):  # the other one is now the last
        staff.revoke_role(province, province.unit_of_work(), actor_id=admin, assignment_id=second.id)


def test_only_an_administrator_keeps_accounts_and_the_calendar(province):
    clerk, leader = _id(province, "motcua.anhoa"), _id(province, "lanhdao.anhoa")
    calls = [
        lambda: staff.create_staff(
            province,
            province.unit_of_work(),
            actor_id=clerk,
            username="ai.do",
            full_name="Ai Đó",
            email="",
            phone="",
            password=PASSWORD,
        ),
        lambda: staff.grant_role(
            province, province.unit_of_work(), actor_id=clerk, user_id=clerk, role="admin", agency="000.01.10.H99"
        ),
        lambda: staff.set_active(province, province.unit_of_work(), actor_id=clerk, user_id=leader, active=False),
        lambda: staff.reset_password(
            province, province.unit_of_work(), actor_id=clerk, user_id=leader, password=PASSWORD
        ),
        lambda: calendar_overrides.add_calendar_day(
            province, province.unit_of_work(), actor_id=leader, day="2026-12-02", working=False, note="Nghỉ"
        ),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert _count(province, CalendarOverrideRow) == 0


def _add(runtime, day: str, working: bool, note: str = "Thông báo của UBND tỉnh") -> calendar_overrides.RecordedDay:
    return calendar_overrides.add_calendar_day(
        runtime, runtime.unit_of_work(), actor_id=_id(runtime, "quantri"), day=day, working=working, note=note
    )


def _deadline(runtime, days: int) -> datetime:
    """`days` working days from Monday 23/11/2026 09:00, by the calendar as it stands now."""
    with runtime.unit_of_work() as uow:
        calendar = runtime.calendar(uow.session)
        return calendar.local(calendar.add_working_days(runtime.clock.now(), days))


def test_a_day_off_and_a_make_up_saturday_move_the_deadlines_computed_after_them(province):
    assert _deadline(province, 10).date() == date(2026, 12, 8)  # Tuesday 24/11 is Ngày Văn hóa Việt Nam
    _add(province, "02/12/2026", working=False, note="Nghỉ theo Quyết định của UBND tỉnh")
    assert _deadline(province, 10).date() == date(2026, 12, 9)
    _add(province, "2026-12-05", working=True, note="Làm bù cho ngày 02/12")
    assert _deadline(province, 10).date() == date(2026, 12, 8)
    with province.unit_of_work() as uow:
        assert [e.action for e in uow.session.scalars(select(Event).order_by(Event.id))][-2:] == [
            "calendar_day_added",
            "calendar_day_added",
        ]


def test_calendar_input_that_changes_nothing_or_is_unclear_is_refused_without_a_write(province, clock):
    _add(province, "2026-12-02", working=False)
    refusals = {
        ("31/02/2026", False, "Lý do"): {"day"},
        ("2026-11-20", False, "Lý do"): {"day"},  # already past
        ("2026-12-02", True, "Lý do"): {"day"},  # already overridden
        ("2026-12-03", True, "Lý do"): {"working"},  # a Thursday works anyway
        ("2026-12-06", False, "Lý do"): {"working"},  # a Sunday is off anyway
        ("2026-12-04", False, "  "): {"note"},
    }
    for (day, working, note), fields in refusals.items():
        with pytest.raises(InvalidData) as refused:
            _add(province, day, working, note)
        assert set(refused.value.errors) == fields, day
    assert _count(province, CalendarOverrideRow) == 1


def test_an_override_is_taken_back_until_its_day_has_passed(province, clock):
    row = _add(province, "2026-12-02", working=False)
    admin = _id(province, "quantri")
    calendar_overrides.remove_calendar_day(
        province, province.unit_of_work(), actor_id=admin, override_id=row.override_id
    )
    assert _deadline(province, 10).date() == date(2026, 12, 8)
    row = _add(province, "2026-11-25", working=False)
    clock.advance(timedelta(days=3))
    with pytest.raises(InvalidData):
        calendar_overrides.remove_calendar_day(
            province, province.unit_of_work(), actor_id=admin, override_id=row.override_id
        )
    assert _count(province, CalendarOverrideRow) == 1


def test_the_year_view_lists_tet_the_make_up_days_and_the_overrides(province):
    _add(province, "2027-02-11", working=False, note="Nghỉ thêm sau Tết")
    days = {d.day: d for d in calendar_overrides.calendar_year(province, province.unit_of_work(), 2027).days}
    assert days[date(2027, 2, 6)].note == "Tết Nguyên Đán" and not days[date(2027, 2, 6)].working
    assert days[date(2027, 2, 11)].override_id is not None and days[date(2027, 2, 11)].note == "Nghỉ thêm sau Tết"
    assert all(day.year == 2027 for day in days)
