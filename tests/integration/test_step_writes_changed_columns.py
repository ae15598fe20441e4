"""A step writes its dossier by one compare-and-set UPDATE of the columns it changed, outside the flush."""

from __future__ import annotations

import pytest
from sqlalchemy import event, update
from sqlalchemy.orm.exc import StaleDataError

from engine.models import Dossier, DossierStatus
from engine.uow import write_changes
from tests.integration.factories import demo_dossier


def _dossier(runtime, clock) -> int:
    with runtime.unit_of_work() as uow:
        dossier = demo_dossier(uow.session, clock.now())
        uow.commit()
        return dossier.id


def test_one_update_of_the_changed_columns_where_the_version_is_the_one_read(runtime, clock):
    dossier_id = _dossier(runtime, clock)
    statements: list[str] = []
    with runtime.unit_of_work() as uow:
        dossier = uow.session.get(Dossier, dossier_id)
        dossier.version += 1
        dossier.status = DossierStatus.PROCESSING
        dossier.applicant_phone = dossier.applicant_phone  # set to the value it had: not written
        event.listen(runtime.engine, "before_cursor_execute", lambda _c, _k, sql, *_a: statements.append(sql))
        write_changes(uow.session, dossier)
        assert not uow.session.dirty  # the session holds the row as written: its flush has nothing to send
        uow.session.flush()
        uow.commit()
    (written,) = statements
    assigned, compared = written.removeprefix("UPDATE dossiers SET ").split(" WHERE ")
    assert [column.split("=")[0] for column in assigned.split(", ")] == ["version", "status"]
    assert "dossiers.version" in compared
    with runtime.unit_of_work() as uow:
        stored = uow.session.get(Dossier, dossier_id)
        assert (stored.version, stored.status) == (2, DossierStatus.PROCESSING)


def test_a_row_another_step_changed_first_is_refused_and_not_written(runtime, clock):
    dossier_id = _dossier(runtime, clock)
    with runtime.unit_of_work() as uow:
        dossier = uow.session.get(Dossier, dossier_id)
        with runtime.unit_of_work() as other:
            other.session.execute(update(Dossier).values(version=Dossier.version + 1))
            other.commit()
        dossier.version += 1
        dossier.status = DossierStatus.PROCESSING
        with pytest.raises(StaleDataError):
            write_changes(uow.session, dossier)
    with runtime.unit_of_work() as uow:
        stored = uow.session.get(Dossier, dossier_id)
        assert (stored.version, stored.status) == (2, DossierStatus.NEW)
