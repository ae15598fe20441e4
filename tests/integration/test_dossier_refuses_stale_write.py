"""Of two clerks saving the same dossier at once, the second is refused, never merged."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from engine.models import Dossier, DossierStatus
from tests.integration.factories import demo_dossier


def test_second_writer_of_the_same_version_is_refused(runtime, clock):
    with runtime.unit_of_work() as uow:
        dossier_id = demo_dossier(uow.session, clock.now()).id
        uow.commit()

    with runtime.unit_of_work() as first, runtime.unit_of_work() as second:
        mine = first.session.get(Dossier, dossier_id)
        theirs = second.session.get(Dossier, dossier_id)
        mine.status = DossierStatus.RECEIVED
        first.commit()
        theirs.status = DossierStatus.NOT_RECEIVED
        with pytest.raises(StaleDataError):
            second.commit()

    with runtime.unit_of_work() as uow:
        dossier = uow.session.get(Dossier, dossier_id)
        assert (dossier.status, dossier.version) == (DossierStatus.RECEIVED, 2)
