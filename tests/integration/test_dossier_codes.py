"""Dossier codes: unit code - YYMMDD - daily counter, issued atomically by the database."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from engine.dossiers.codes import DailyCounterExhausted, issue_dossier_code
from engine.models import DossierCodeCounter

UNIT = "000.00.31.H99"


def _issue(runtime, moment: datetime, unit: str = UNIT) -> str:
    with runtime.unit_of_work() as uow:
        code = issue_dossier_code(uow.session, unit, moment, runtime.tz)
        uow.commit()
        return code


def test_codes_follow_the_circular_format(runtime):
    assert _issue(runtime, datetime(2026, 11, 23, 2, 0, tzinfo=UTC)) == "000.00.31.H99-261123-0001"
    assert _issue(runtime, datetime(2026, 11, 23, 3, 0, tzinfo=UTC)) == "000.00.31.H99-261123-0002"


def test_the_day_is_the_local_day_and_the_counter_restarts_each_day(runtime):
    # 18:00 UTC on the 23rd is already 01:00 on the 24th in Hà Nội.
    assert _issue(runtime, datetime(2026, 11, 23, 18, 0, tzinfo=UTC)).endswith("-261124-0001")
    assert _issue(runtime, datetime(2026, 11, 23, 16, 0, tzinfo=UTC)).endswith("-261123-0001")


def test_each_unit_counts_on_its_own(runtime):
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert _issue(runtime, moment, "000.01.10.H99").endswith("-0001")
    assert _issue(runtime, moment, UNIT).endswith("-0001")


def test_a_rolled_back_step_gives_its_number_back(runtime):
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    with runtime.unit_of_work() as uow:
        issue_dossier_code(uow.session, UNIT, moment, runtime.tz)
    assert _issue(runtime, moment).endswith("-0001")


def test_concurrent_steps_never_share_a_code(runtime):
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: _issue(runtime, moment), range(40)))
    assert len(set(codes)) == 40
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 41))
    assert all(re.fullmatch(r"000\.00\.31\.H99-261123-\d{4}", c) for c in codes)


def test_the_daily_counter_has_four_digits(runtime):
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    with runtime.unit_of_work() as uow:
        uow.session.add(DossierCodeCounter(unit_code=UNIT, day="261123", last_value=9999))
        uow.commit()
    with pytest.raises(DailyCounterExhausted, match="9999"):
        _issue(runtime, moment)
