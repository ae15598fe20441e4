"""A procedure's catalog data edited as a draft and published as its next version, now or from a later day; every
save and publication audited; procedure managers keep their own agency's procedures only."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from engine.catalog.draft_form import DraftInvalid, EntryForm
from engine.catalog.drafts import (
    DraftOutdated,
    NothingChanged,
    StaleDraft,
    discard_draft,
    procedure_desk,
    procedure_lines,
    publish_draft,
    save_draft,
)
from engine.catalog.procedures import catalog_entry, current_version, publish
from engine.errors import NotAllowed
from engine.models import Event, Procedure, ProcedureDraft, ProcedureStatus, ProcedureVersion, User
from tests.integration.catalog.justice import JUSTICE, justice_procedure
from tests.integration.engine.conftest import Desk
from workflows import PROCEDURES_DIR

COMPANY = "2.001583"  # company registration, resolved by Sở Tài chính
BIRTH = "1.001193"  # birth registration, every commune's own
TODAY = date(2026, 11, 23)  # the demo's Monday
MONDAY = date(2026, 11, 30)


@pytest.fixture
def province(runtime, demo):
    return runtime


def _id(runtime, username: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def _form(runtime, username: str, code: str) -> EntryForm:
    with runtime.unit_of_work() as uow:
        return procedure_desk(uow.session, _id(runtime, username), code, TODAY).form


def _save(runtime, username: str, code: str, form: EntryForm, reason: str = "Quyết định 15/QĐ-UBND", revision=0):
    return save_draft(
        runtime,
        runtime.unit_of_work(),
        actor_id=_id(runtime, username),
        code=code,
        form=form,
        reason=reason,
        revision=revision,
    )


def _publish(runtime, username: str, code: str, valid_from: str | None, revision: int = 1, reason: str = "Áp dụng"):
    return publish_draft(
        runtime,
        runtime.unit_of_work(),
        actor_id=_id(runtime, username),
        code=code,
        valid_from=valid_from,
        reason=reason,
        revision=revision,
    )


def _with_fee(runtime, username: str, code: str, amount: str) -> EntryForm:
    form = _form(runtime, username, code)
    form.fees[0]["amount_vnd"] = amount
    return form


def _count(runtime, model) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _events(runtime, action: str) -> list[Event]:
    with runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


def _in_force(runtime, slug: str, on: date) -> ProcedureVersion:
    with runtime.unit_of_work() as uow:
        version = current_version(uow.session, slug, on)
        version.fees  # noqa: B018 - loaded before the session closes
        return version


def test_a_fee_published_from_next_monday_leaves_todays_version_in_force_until_then(province, clock):
    old_fee = _in_force(province, "company_registration_llc1", TODAY).fees[0].amount_vnd
    draft = _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "75.000"))
    assert draft.revision == 1 and draft.entry["fees"][0]["amount_vnd"] == 75000
    assert _in_force(province, "company_registration_llc1", TODAY).version == 1  # a draft changes nothing yet

    version = _publish(province, "quantri", COMPANY, MONDAY.isoformat())
    assert (version.version, version.valid_from) == (2, MONDAY)
    assert _in_force(province, "company_registration_llc1", MONDAY - timedelta(days=1)).fees[0].amount_vnd == old_fee
    assert _in_force(province, "company_registration_llc1", MONDAY).fees[0].amount_vnd == 75000
    assert _count(province, ProcedureDraft) == 0

    saved, published = _events(province, "procedure_draft_saved")[0], _events(province, "procedure_published")[0]
    assert saved.reason == "Quyết định 15/QĐ-UBND" and saved.actor_name == "Hoàng Đức Anh"
    assert saved.before["fees"][0]["amount_vnd"] == old_fee and saved.after["fees"][0]["amount_vnd"] == 75000
    assert published.result == f"{COMPANY} v2" and published.reason == "Áp dụng"
    assert published.after["valid_from"] == "2026-11-30" and set(published.after) == {"fees", "valid_from"}

    with province.unit_of_work() as uow:
        (line,) = procedure_lines(uow.session, _id(province, "quantri"), TODAY, search=COMPANY).lines
        assert (line.current.number, line.upcoming.number, line.upcoming.valid_from) == (1, 2, MONDAY)
        (line,) = procedure_lines(uow.session, _id(province, "quantri"), MONDAY, search=COMPANY).lines
        assert (line.current.number, line.upcoming) == (2, None)


def test_a_version_published_for_today_is_in_force_at_once_and_retires_the_one_before(province):
    _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "90000"))
    version = _publish(province, "quantri", COMPANY, None)
    assert version.valid_from == TODAY
    assert _in_force(province, "company_registration_llc1", TODAY).fees[0].amount_vnd == 90000
    with province.unit_of_work() as uow:
        procedure = uow.session.scalar(select(Procedure).where(Procedure.code == COMPANY))
        statuses = {v.version: v.status for v in procedure.versions}
    assert statuses == {1: ProcedureStatus.RETIRED, 2: ProcedureStatus.PUBLISHED}


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(province):
    form = _with_fee(province, "quantri", COMPANY, "-5")
    form.documents[0]["name"] = ""
    form.documents[0]["note"] = "Bản chính"
    with pytest.raises(DraftInvalid) as refused:
        _save(province, "quantri", COMPANY, form, reason="  ")
    assert set(refused.value.problems) == {"fees-0-amount_vnd", "documents-0-name", "reason"}
    assert refused.value.problems["reason"].text() == "Lý do: bắt buộc nhập, để lưu vào nhật ký."
    assert _count(province, ProcedureDraft) == 0
    assert _events(province, "procedure_draft_saved") == []


def test_a_form_opened_before_someone_else_saved_is_refused(province):
    _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "1000"))
    with pytest.raises(StaleDraft):
        _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "2000"), revision=0)
    again = _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "2000"), revision=1)
    assert again.revision == 2 and again.entry["fees"][0]["amount_vnd"] == 2000
    with pytest.raises(StaleDraft):
        _publish(province, "quantri", COMPANY, None, revision=1)


def test_nothing_changed_is_no_draft_and_a_past_day_is_no_start(province):
    with pytest.raises(NothingChanged):
        _save(province, "quantri", COMPANY, _form(province, "quantri", COMPANY))
    _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "1000"))
    for day, problem in (("2026-11-20", "từ hôm nay trở đi"), ("30/13/2026", "dd/mm/yyyy"), ("", "dd/mm/yyyy")):
        with pytest.raises(DraftInvalid) as refused:
            _publish(province, "quantri", COMPANY, day)
        assert problem in refused.value.problems["valid_from"].text()
    assert _publish(province, "quantri", COMPANY, "30/11/2026").valid_from == MONDAY  # the way people write it


def test_a_draft_behind_a_version_published_since_is_not_published_over_it(province, clock):
    _save(province, "quantri", COMPANY, _with_fee(province, "quantri", COMPANY, "1000"))
    with province.unit_of_work() as uow:
        newest = current_version(uow.session, "company_registration_llc1", TODAY)
        data = dict(newest.entry, result_type="Giấy chứng nhận đăng ký doanh nghiệp (mẫu mới)")
        entry = catalog_entry(PROCEDURES_DIR / "company_registration_llc1.json", data)
        publish(uow.session, dataclasses.replace(entry), clock.now())  # as `motcua procedures publish` would
        uow.commit()
    with pytest.raises(DraftOutdated):
        _publish(province, "quantri", COMPANY, None)
    discard_draft(
        province, province.unit_of_work(), actor_id=_id(province, "quantri"), code=COMPANY, reason="Lập lại", revision=1
    )
    assert (
        _count(province, ProcedureDraft) == 0 and _events(province, "procedure_draft_discarded")[0].reason == "Lập lại"
    )


def test_a_procedure_manager_keeps_the_procedures_of_their_own_agency_only(province, clock):
    with province.unit_of_work() as uow:
        justice = justice_procedure(uow.session, clock.now())
        uow.commit()
    draft = _save(province, "quanly.stc", COMPANY, _with_fee(province, "quanly.stc", COMPANY, "1000"))
    assert draft.saved_by_id == _id(province, "quanly.stc")
    for code in (justice, BIRTH):
        with pytest.raises(NotAllowed):
            _form(province, "quanly.stc", code)
        with pytest.raises(NotAllowed):
            _save(province, "quanly.stc", code, _form(province, "quantri", code))
    moved = _form(province, "quanly.stc", COMPANY)
    moved.handling_agency = JUSTICE
    with pytest.raises(DraftInvalid) as refused:
        _save(province, "quanly.stc", COMPANY, moved, revision=1)
    assert set(refused.value.problems) == {"handling_agency"}
    assert _publish(province, "quanly.stc", COMPANY, None).version == 2
    with province.unit_of_work() as uow:
        mine = procedure_lines(uow.session, _id(province, "quanly.stc"), TODAY)
        everything = procedure_lines(uow.session, _id(province, "quantri"), TODAY)
    assert {line.agency for line in mine.lines} == {"Sở Tài chính"}
    assert {line.code for line in everything.lines} >= {COMPANY, justice, BIRTH}
    with province.unit_of_work() as uow, pytest.raises(NotAllowed):
        procedure_lines(uow.session, _id(province, "chuyenvien.stc"), TODAY)


def test_the_list_searches_without_accents_and_counts_running_dossiers_per_version(province, clock):
    desk = Desk(province, clock)
    desk.submit()  # a birth registration at the An Hòa ward
    desk.submit()
    admin = _id(province, "quantri")
    with province.unit_of_work() as uow:
        found = procedure_lines(uow.session, admin, TODAY, search="THU TUC dang ky khai sinh", agency="commune").lines
        line = next(line for line in found if line.code == BIRTH)
        assert [(v.number, v.running) for v in line.running] == [(1, 2)]
        assert all(line.agency == "" for line in found)
        assert procedure_lines(uow.session, admin, TODAY, search="khai sinh", agency="000.00.11.H99").lines == []
        assert line.agency == "" and line.current.valid_from == date(2025, 7, 1)
        companies = procedure_lines(uow.session, admin, TODAY, agency="000.00.11.H99").lines
        assert {line.code for line in companies} >= {COMPANY} and all(
            line.agency == "Sở Tài chính" for line in companies
        )
        page = procedure_desk(uow.session, admin, BIRTH, TODAY)
    assert page.diagram.process_key == "one_stop" and sum(page.counts.values()) == 2
    assert [(v.number, v.state, v.running) for v in page.versions] == [(1, "in_force", 2)]
