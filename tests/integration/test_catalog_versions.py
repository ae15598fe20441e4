"""A changed catalog entry becomes a new published version; a dossier keeps the version it started with."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from engine.catalog.procedures import UnknownAgency, current_version, publish, read_catalog
from engine.models import Channel, Dossier, ProcedureStatus
from sla.deadlines import Duration, TimeUnit
from tests.integration.factories import demo_dossier


def _entry(slug: str):
    return next(e for e in read_catalog() if e.data["slug"] == slug)


def test_publishing_the_same_content_again_keeps_the_version(runtime, clock):
    with runtime.unit_of_work() as uow:
        first = publish(uow.session, _entry("birth_registration"), clock.now())
        again = publish(uow.session, _entry("birth_registration"), clock.now())
        assert (first.id, first.version) == (again.id, 1)


def test_new_content_is_a_new_version_and_old_dossiers_keep_theirs(runtime, clock):
    with runtime.unit_of_work() as uow:
        dossier = demo_dossier(uow.session, clock.now())
        old_version_id = dossier.procedure_version_id
        entry = _entry("birth_registration")
        changed = dict(entry.data, times=[{"amount": 1, "unit": "working_days"}], valid_from="2026-12-01")
        newer = publish(uow.session, dataclasses.replace(entry, data=changed, sha256="0" * 64), clock.now())
        uow.commit()

    with runtime.unit_of_work() as uow:
        dossier = uow.session.get(Dossier, dossier.id)
        assert dossier.procedure_version_id == old_version_id
        assert newer.version == 2
        assert current_version(uow.session, "birth_registration", date(2026, 12, 1)).id == newer.id


def test_a_version_valid_from_a_later_day_leaves_the_current_one_in_force_until_then(runtime, clock):
    entry = _entry("birth_registration")
    with runtime.unit_of_work() as uow:
        current = publish(uow.session, entry, clock.now())
        later = dict(entry.data, times=[{"amount": 1, "unit": "working_days"}], valid_from="2026-12-01")
        newer = publish(uow.session, dataclasses.replace(entry, data=later, sha256="0" * 64), clock.now())
        uow.commit()
    with runtime.unit_of_work() as uow:
        assert current_version(uow.session, "birth_registration", date(2026, 11, 30)).id == current.id
        assert current_version(uow.session, "birth_registration", date(2026, 12, 1)).id == newer.id
        assert uow.session.get(type(current), current.id).status is ProcedureStatus.PUBLISHED


def test_a_version_in_force_at_once_retires_the_one_before(runtime, clock):
    entry = _entry("birth_registration")
    with runtime.unit_of_work() as uow:
        first = publish(uow.session, entry, clock.now())
        changed = dict(entry.data, times=[{"amount": 1, "unit": "working_days"}])
        second = publish(uow.session, dataclasses.replace(entry, data=changed, sha256="0" * 64), clock.now())
        assert first.status is ProcedureStatus.RETIRED
        assert current_version(uow.session, "birth_registration", clock.now().date()).id == second.id


def test_the_published_norms_are_read_back_whole(runtime, clock):
    with runtime.unit_of_work() as uow:
        demo_dossier(uow.session, clock.now())
        version = current_version(uow.session, "birth_registration", clock.now().date())
        assert version.procedure.code == "1.001193"
        assert version.processing_time(Channel.ONLINE) == Duration(0, TimeUnit.WORKING_DAYS)
        assert version.same_day_cutoff.isoformat() == "15:00:00"
        assert version.documents[0].name == "Tờ khai đăng ký khai sinh"
        assert [f.amount_vnd for f in version.fees] == [0, 8000, 8000]


def test_an_entry_naming_an_unknown_agency_is_refused(runtime, clock):
    entry = _entry("birth_registration")
    bad = dataclasses.replace(entry, data=dict(entry.data, handling_agency="000.00.77.H99"))
    with runtime.unit_of_work() as uow, pytest.raises(UnknownAgency, match=r"000\.00\.77\.H99"):
        publish(uow.session, bad, clock.now())


def test_a_version_for_today_retires_the_old_one_early_in_the_province_s_morning(runtime):
    """06:00 in Hà Nội is still yesterday in UTC: "today" is the province's day."""
    entry = _entry("birth_registration")
    morning = datetime.fromisoformat("2026-12-01T06:00+07:00")
    with runtime.unit_of_work() as uow:
        first = publish(uow.session, entry, morning)
        changed = dict(entry.data, valid_from="2026-12-01", note="Sửa ghi chú")
        second = publish(uow.session, dataclasses.replace(entry, data=changed, sha256="3" * 64), morning)
        assert (first.status, second.status) == (ProcedureStatus.RETIRED, ProcedureStatus.PUBLISHED)
