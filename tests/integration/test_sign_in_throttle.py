"""Wrong passwords slow down that login from that address only, never lock the account; a password change ends
older sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from limits.storage import MemoryStorage
from sqlalchemy import select

from engine.demo import DEMO_PASSWORD
from engine.errors import InvalidData
from engine.models import User
from engine.people.accounts import authenticate, set_password, sign_in
from engine.people.sign_in_throttle import PER_ADDRESS, PER_LOGIN, SignInThrottle

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def people(runtime, demo):
    return runtime


@pytest.fixture
def throttle():
    return SignInThrottle(MemoryStorage())


def _try(runtime, clock, throttle, password: str, *, login: str = "motcua.anhoa", address: str = ATTACKER):
    with runtime.unit_of_work() as uow:
        user = sign_in(uow.session, login, password, address=address, now=clock.now(), throttle=throttle)
        uow.commit()
        return user.username if user else None


def test_the_delay_doubles_with_each_wrong_password_and_refuses_even_the_right_one(people, clock, throttle):
    for _attempt in range(PER_LOGIN.free):
        assert _try(people, clock, throttle, "wrong") is None
    assert _try(people, clock, throttle, DEMO_PASSWORD) is None  # 2 s to wait: refused unread
    clock.advance(timedelta(seconds=2))
    assert _try(people, clock, throttle, "wrong") is None  # the fifth failure: 4 s now
    clock.advance(timedelta(seconds=3))
    assert _try(people, clock, throttle, DEMO_PASSWORD) is None
    clock.advance(timedelta(seconds=1))
    assert _try(people, clock, throttle, DEMO_PASSWORD) == "motcua.anhoa"


def test_the_delay_stops_growing_at_its_ceiling(throttle, clock):
    for _attempt in range(200):
        throttle.failed("motcua.anhoa", ATTACKER, clock.now())
    assert throttle.next_allowed("motcua.anhoa", ATTACKER, clock.now()) == clock.now() + PER_LOGIN.longest


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(people, clock, throttle):
    for _attempt in range(PER_LOGIN.free + 5):
        _try(people, clock, throttle, "wrong")
    assert _try(people, clock, throttle, DEMO_PASSWORD) is None
    assert _try(people, clock, throttle, DEMO_PASSWORD, address=OWNER) == "motcua.anhoa"


def test_unknown_logins_are_throttled_exactly_as_known_ones(people, clock, throttle):
    for login in ("motcua.anhoa", "khong.ton.tai"):
        for _attempt in range(PER_LOGIN.free):
            _try(people, clock, throttle, "wrong", login=login)
        assert throttle.next_allowed(login, ATTACKER, clock.now()) == clock.now() + PER_LOGIN.first


def test_one_address_trying_many_logins_is_slowed_down_for_all_of_them(people, clock, throttle):
    for number in range(PER_ADDRESS.free):
        _try(people, clock, throttle, "wrong", login=f"doan{number}")
    assert _try(people, clock, throttle, DEMO_PASSWORD) is None
    assert _try(people, clock, throttle, DEMO_PASSWORD, address=OWNER) == "motcua.anhoa"


def test_success_clears_the_count_and_a_quiet_day_forgets_it(people, clock, throttle):
    for _attempt in range(PER_LOGIN.free - 1):
        _try(people, clock, throttle, "wrong")
    assert _try(people, clock, throttle, DEMO_PASSWORD) == "motcua.anhoa"
    for _attempt in range(PER_LOGIN.free - 1):
        assert _try(people, clock, throttle, "wrong") is None
    assert _try(people, clock, throttle, DEMO_PASSWORD) == "motcua.anhoa"
    for _attempt in range(PER_LOGIN.free + 3):
        _try(people, clock, throttle, "wrong")
    clock.advance(timedelta(days=1))
    assert _try(people, clock, throttle, "wrong") is None
    assert _try(people, clock, throttle, DEMO_PASSWORD) == "motcua.anhoa"  # one failure since: no wait


def test_the_account_row_is_not_touched_by_wrong_passwords(people, clock, throttle):
    for _attempt in range(PER_LOGIN.free + 5):
        _try(people, clock, throttle, "wrong")
    with people.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == "motcua.anhoa"))
        assert (user.failed_logins, user.locked_until) == (0, None)


def test_a_new_password_bumps_the_session_version(people):
    with people.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == "motcua.anhoa"))
        before = user.session_version
        with pytest.raises(InvalidData) as short:
            set_password(user, "ngắn")
        assert "ít nhất 10 ký tự" in short.value.errors["new_password"]
        set_password(user, "một mật khẩu mới dài")
        uow.commit()
    with people.unit_of_work() as uow:
        assert authenticate(uow.session, "motcua.anhoa", DEMO_PASSWORD) is None
        assert authenticate(uow.session, "motcua.anhoa", "một mật khẩu mới dài").session_version == before + 1
