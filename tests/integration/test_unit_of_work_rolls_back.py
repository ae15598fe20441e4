"""A step that does not commit leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.models import Agency, AgencyTier


def _agencies(runtime) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Agency))


def test_uncommitted_work_is_rolled_back(runtime):
    with runtime.unit_of_work() as uow:
        uow.session.add(Agency(code="000.00.99.H99", name="Thử", tier=AgencyTier.PROVINCE))
        uow.session.flush()
    assert _agencies(runtime) == 0


def test_an_error_rolls_back_everything_written_before_it(runtime):
    with pytest.raises(RuntimeError), runtime.unit_of_work() as uow:
        uow.session.add(Agency(code="000.00.99.H99", name="Thử", tier=AgencyTier.PROVINCE))
        uow.session.flush()
        raise RuntimeError("the step failed half way")
    assert _agencies(runtime) == 0


def test_committed_work_stays(runtime):
    with runtime.unit_of_work() as uow:
        uow.session.add(Agency(code="000.00.99.H99", name="Thử", tier=AgencyTier.PROVINCE))
        uow.commit()
    assert _agencies(runtime) == 1


def test_a_unit_of_work_is_not_reentrant(runtime):
    uow = runtime.unit_of_work()
    with uow, pytest.raises(RuntimeError, match="not re-entrant"), uow:
        pass
