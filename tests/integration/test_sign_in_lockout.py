"""Five wrong passwords lock an account for 15 minutes; a password change ends older sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.demo import DEMO_PASSWORD
from engine.errors import InvalidData
from engine.models import User
from engine.people.accounts import AccountLocked, authenticate, set_password


@pytest.fixture
def people(runtime, demo):
    return runtime


def _try(runtime, clock, password: str) -> User | None:
    with runtime.unit_of_work() as uow:
        user = authenticate(uow.session, "motcua.anhoa", password, clock.now())
        uow.commit()
        return user


def test_the_fifth_wrong_password_locks_even_the_right_one_out(people, clock):
    for _attempt in range(5):
        assert _try(people, clock, "wrong") is None
    with pytest.raises(AccountLocked) as locked:
        _try(people, clock, DEMO_PASSWORD)
    assert locked.value.details["minutes"] == 15
    clock.advance(timedelta(minutes=14, seconds=30))
    with pytest.raises(AccountLocked) as locked:
        _try(people, clock, DEMO_PASSWORD)
    assert locked.value.details["minutes"] == 1
    clock.advance(timedelta(seconds=30))
    assert _try(people, clock, DEMO_PASSWORD).username == "motcua.anhoa"


def test_a_successful_sign_in_clears_the_count(people, clock):
    for _attempt in range(4):
        _try(people, clock, "wrong")
    assert _try(people, clock, DEMO_PASSWORD) is not None
    for _attempt in range(4):
        assert _try(people, clock, "wrong") is None
    assert _try(people, clock, DEMO_PASSWORD) is not None


def test_a_new_password_bumps_the_session_version(people, clock):
    with people.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == "motcua.anhoa"))
        before = user.session_version
        with pytest.raises(InvalidData) as short:
            set_password(user, "ngắn")
        assert "ít nhất 10 ký tự" in short.value.errors["new_password"]
        set_password(user, "một mật khẩu mới dài")
        uow.commit()
    assert _try(people, clock, DEMO_PASSWORD) is None
    with people.unit_of_work() as uow:
        assert (
            authenticate(uow.session, "motcua.anhoa", "một mật khẩu mới dài", clock.now()).session_version == before + 1
        )
