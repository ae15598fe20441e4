"""A conditional processing time (5 working days where verification is needed) applied by the department."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.dossiers.conditional_times import apply_conditional_time
from engine.errors import InvalidData, NotAllowed
from engine.models import Dossier, Event, OutboxMessage

PROCEDURE = "birth_residence_health_insurance_under_6"  # 3 working days; 5 where it must be verified


def _apply(desk, code, by="chuyenvien.anhoa", reason="Phải xác minh nơi cư trú của mẹ", time_id=None):
    if time_id is None:
        with desk.runtime.unit_of_work() as uow:
            dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
            time_id = next(t.id for t in dossier.procedure_version.times if t.condition)
    return apply_conditional_time(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id(by),
        expected_version=desk.dossier(code).version,
        reason=reason,
        time_id=time_id,
    )


def _received(desk) -> str:
    code = desk.submit(procedure=PROCEDURE)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    return code


def test_the_department_applies_the_longer_time_with_its_reason_and_the_applicant_is_told(desk):
    code = _received(desk)
    assert desk.dossier(code).due_at == datetime.fromisoformat("2026-11-27T09:00+07:00")  # 3 days on, 24/11 off
    _apply(desk, code)
    assert desk.dossier(code).due_at == datetime.fromisoformat("2026-12-01T09:00+07:00")  # 5 days on
    with desk.runtime.unit_of_work() as uow:
        event = uow.session.scalar(select(Event).where(Event.action == "processing_time_conditioned"))
        assert event.reason == "Phải xác minh nơi cư trú của mẹ"
        assert event.after["before"].startswith("2026-11-27T09:00") and event.after["due"].startswith("2026-12-01")
        notice = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.dedup_key.contains("due_conditioned")))
        assert "thuộc trường hợp: Trường hợp phải xác minh" in notice.body and "5 ngày làm việc" in notice.body
        assert "ngày hẹn trả kết quả mới: 09:00 ngày 01/12/2026" in notice.body


def test_a_reason_a_condition_of_the_procedure_and_the_department_are_required(desk):
    code = _received(desk)
    with pytest.raises(InvalidData) as refused:
        _apply(desk, code, reason=" ", time_id=999_999)
    assert set(refused.value.errors) == {"reason", "time_id"}
    with pytest.raises(NotAllowed):
        _apply(desk, code, by="motcua.anhoa")
    assert desk.dossier(code).due_at == datetime.fromisoformat("2026-11-27T09:00+07:00")
