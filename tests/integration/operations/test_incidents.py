"""An administrator records an incident and closes it; each part checked in Vietnamese, all or nothing, logged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from engine.errors import InvalidData, NotAllowed
from engine.models import Event, Incident
from engine.operations.incidents import close_incident, record_incident
from tests.integration.operations.conftest import count, user_id

GOOD = {
    "occurred_at": "2026-11-23T07:40",  # local time, before the clock's 09:00
    "summary": "Mất kết nối cơ sở dữ liệu",
    "impact": "Bộ phận một cửa không tiếp nhận được hồ sơ trong 40 phút.",
    "actions": "Khởi động lại máy chủ cơ sở dữ liệu.",
}


def _record(runtime, login: str = "quantri", **changes) -> int:
    return record_incident(runtime, runtime.unit_of_work(), actor_id=user_id(runtime, login), **(GOOD | changes))


def test_an_incident_is_recorded_in_utc_and_logged(province):
    incident_id = _record(province, closed_at="23/11/2026 08:20")
    with province.unit_of_work() as uow:
        incident = uow.session.get(Incident, incident_id)
        assert incident.occurred_at == datetime(2026, 11, 23, 0, 40, tzinfo=UTC)
        assert incident.closed_at == datetime(2026, 11, 23, 1, 20, tzinfo=UTC)
        event = uow.session.scalar(select(Event).where(Event.action == "incident_recorded"))
        assert (event.actor_name, event.reason, event.after["incident"]) == (
            "Hoàng Đức Anh",
            GOOD["summary"],
            incident_id,
        )


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"occurred_at": ""}, "occurred_at", "Thời điểm xảy ra"),
        ({"occurred_at": "hôm qua"}, "occurred_at", "ngày/tháng/năm giờ:phút"),
        ({"occurred_at": "2026-11-24T08:00"}, "occurred_at", "không được sau thời điểm hiện tại"),
        ({"summary": "   "}, "summary", "Sự cố: bắt buộc nhập"),
        ({"summary": "x" * 256}, "summary", "tối đa 255 ký tự"),
        ({"impact": ""}, "impact", "Ảnh hưởng: bắt buộc nhập"),
        ({"actions": "y" * 4001}, "actions", "tối đa 4000 ký tự"),
        ({"closed_at": "2026-11-23T07:00"}, "closed_at", "không được trước thời điểm xảy ra"),
    ],
)
def test_a_bad_part_is_named_and_nothing_is_written(province, changes, field, says):
    with pytest.raises(InvalidData) as refused:
        _record(province, **changes)
    assert says in refused.value.errors[field]
    assert count(province, Incident) == 0
    assert count(province, Event, Event.action == "incident_recorded") == 0


def test_an_open_incident_is_closed_once(province):
    incident_id = _record(province)
    admin = user_id(province, "quantri")
    close = {"actor_id": admin, "incident_id": incident_id, "actions": "Chuyển sang máy chủ dự phòng."}
    with pytest.raises(InvalidData) as refused:
        close_incident(province, province.unit_of_work(), closed_at="", **close)
    assert "Thời điểm khắc phục xong" in refused.value.errors["closed_at"]
    close_incident(province, province.unit_of_work(), closed_at="2026-11-23T08:30", **close)
    with pytest.raises(InvalidData) as again:
        close_incident(province, province.unit_of_work(), closed_at="2026-11-23T08:45", **close)
    assert again.value.errors["closed_at"] == "Sự cố này đã được đóng."
    with province.unit_of_work() as uow:
        incident = uow.session.get(Incident, incident_id)
        assert (incident.closed_at, incident.actions) == (
            datetime(2026, 11, 23, 1, 30, tzinfo=UTC),
            "Chuyển sang máy chủ dự phòng.",
        )
        event = uow.session.scalar(select(Event).where(Event.action == "incident_closed"))
        assert event.before == {"actions": GOOD["actions"]}


@pytest.mark.parametrize("login", ["motcua.anhoa", "nguyenvanan"])
def test_only_an_administrator_records_incidents(province, login):
    with pytest.raises(NotAllowed):
        _record(province, login)
    assert count(province, Incident) == 0
