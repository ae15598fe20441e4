"""A step takes its dossier by compare-and-set on the version: a stale or concurrent step is refused whole."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from engine.dossiers.step import Step
from engine.errors import Conflict, NotFound
from engine.models import Dossier
from tests.integration.factories import demo_dossier


def _take(runtime, code: str, version: int) -> None:
    with runtime.unit_of_work() as uow:
        Step.begin(runtime, uow.session, code, version, None)


def test_a_step_on_an_old_version_is_refused_and_writes_nothing(runtime, clock):
    with runtime.unit_of_work() as uow:
        dossier = demo_dossier(uow.session, clock.now())
        uow.session.execute(update(Dossier).values(version=Dossier.version + 1))
        uow.commit()
    with pytest.raises(Conflict, match="vừa được người khác cập nhật"):
        _take(runtime, dossier.code, 1)
    with runtime.unit_of_work() as uow:
        assert uow.session.get(Dossier, dossier.id).version == 2


def test_an_unknown_dossier_is_not_found(runtime):
    with pytest.raises(NotFound, match=r"000\.00\.00\.H99-000000-0000"):
        _take(runtime, "000.00.00.H99-000000-0000", 1)
