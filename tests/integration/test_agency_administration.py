"""An administrator keeps each agency's address, phone and reception hours: checked, all or nothing, audited, and
nobody else may; the hours tell people when the counter opens and never move a deadline."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.catalog.agencies import (
    AgencyInvalid,
    agency_by_code,
    agency_tree,
    next_reception,
    reception_hours,
    update_agency,
)
from engine.errors import NotAllowed, NotFound
from engine.models import Event, User
from sla.office_hours import OfficeHours

WARD, COMMUNE = "000.01.10.H99", "000.01.11.H99"
SATURDAY_MORNING = "mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30"


def _id(runtime, username: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def _update(runtime, by: str = "quantri", code: str = WARD, **fields):
    values = {"address": "", "phone": "", "reception_hours": "", **fields}
    return update_agency(runtime, runtime.unit_of_work(), actor_id=_id(runtime, by), code=code, **values)


def _agency(runtime, code: str = WARD):
    with runtime.unit_of_work() as uow:
        return agency_by_code(uow.session, code)


def _events(runtime) -> list[Event]:
    with runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(Event).where(Event.action == "agency_updated").order_by(Event.id)))


def test_the_tree_lists_each_agency_under_its_parent(runtime, demo):
    with runtime.unit_of_work() as uow:
        lines = agency_tree(uow.session)
    assert lines[0].agency.code == "000.00.00.H99" and lines[0].depth == 0
    assert {line.depth for line in lines[1:]} == {1}
    assert len(lines) == 15


def test_an_administrator_sets_the_hours_and_the_change_is_audited(runtime, demo):
    _update(
        runtime,
        address="  Số 1   Lê Lợi, phường An Hòa ",
        phone="0236 3822 111",
        reception_hours=" MON-FRI  07:30-11:30 13:00-17:00 ;sat 07:30-11:30",
    )
    agency = _agency(runtime)
    assert (agency.address, agency.phone) == ("Số 1 Lê Lợi, phường An Hòa", "0236 3822 111")
    assert agency.reception_hours == SATURDAY_MORNING
    assert reception_hours(agency, runtime.settings) == OfficeHours.parse(SATURDAY_MORNING)
    [event] = _events(runtime)
    assert event.actor_name == "Hoàng Đức Anh"
    assert event.before == {"agency": WARD, "address": "", "phone": "", "reception_hours": ""}
    assert event.after["reception_hours"] == SATURDAY_MORNING
    _update(runtime, address=agency.address, phone=agency.phone, reception_hours=SATURDAY_MORNING)
    assert len(_events(runtime)) == 1  # nothing changed, nothing recorded
    _update(runtime, address=agency.address, phone=agency.phone, reception_hours="")
    assert reception_hours(_agency(runtime), runtime.settings) == OfficeHours.parse(runtime.settings.office_hours)
    assert _events(runtime)[-1].after == {"agency": WARD, "reception_hours": ""}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("mon-fri 07:30-11:30; sa 07:30-11:30", "«sa» không phải ngày trong tuần"),
        ("mon-fri", "sau «mon-fri» chưa có khung giờ"),
        ("fri-mon 07:30-11:30", "khoảng ngày «fri-mon» viết ngược"),
        ("mon 7h30-11h30", "«7h30-11h30» không phải khung giờ"),
        ("sat 07:30-25:00", "«07:30-25:00» có giờ không có thật"),
        ("sat 11:30-07:30", "khung giờ «11:30-07:30» kết thúc trước khi bắt đầu"),
        ("sat 07:30-11:30 11:00-12:00", "chồng lên nhau ở «sat 11:00-12:00»"),
    ],
)
def test_bad_hours_are_named_in_vietnamese_and_nothing_is_written(runtime, demo, text, said):
    with pytest.raises(AgencyInvalid) as refused:
        _update(runtime, address="Địa chỉ mới", reception_hours=text)
    assert said in refused.value.errors["reception_hours"]
    assert set(refused.value.errors) == {"reception_hours"}
    assert _agency(runtime).address == "" and _events(runtime) == []  # the good address was not kept either


def test_a_bad_phone_or_a_long_address_is_refused_too(runtime, demo):
    with pytest.raises(AgencyInvalid) as refused:
        _update(runtime, address="x" * 256, phone="gọi tôi")
    assert set(refused.value.errors) == {"address", "phone"}


def test_only_an_administrator_may_change_an_agency(runtime, demo):
    for someone in ("motcua.anhoa", "lanhdao.anhoa", "giamsat"):
        with pytest.raises(NotAllowed):
            _update(runtime, by=someone, reception_hours=SATURDAY_MORNING)
    with pytest.raises(NotFound):
        _update(runtime, code="999.99.99.H99")
    assert _agency(runtime).reception_hours == "" and _events(runtime) == []


def test_the_demo_commune_opens_on_saturday_morning(runtime, demo):
    with runtime.unit_of_work() as uow:
        commune, ward = agency_by_code(uow.session, COMMUNE), agency_by_code(uow.session, WARD)
        friday_evening = datetime.fromisoformat("2026-12-04T18:00+07:00")
        assert next_reception(runtime, uow.session, commune, friday_evening) == datetime.fromisoformat(
            "2026-12-05T07:30+07:00"
        )
        assert next_reception(runtime, uow.session, ward, friday_evening) == datetime.fromisoformat(
            "2026-12-07T07:30+07:00"
        )
