"""The half-day handover rule fires from the scheduler's timer job; apology and new appointment, once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from engine.dossiers.requests import request_apology
from engine.dossiers.step import Step
from engine.dossiers.timers import fire_due_timers
from engine.errors import InvalidData, StepNotAvailable
from engine.models import OutboxMessage


def test_a_late_handover_is_flagged_and_the_task_stays_open(desk):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # Monday 09:00, due 14:30
    desk.clock.set(datetime.fromisoformat("2026-11-23T14:29+07:00"))
    assert fire_due_timers(desk.runtime) == []
    assert not desk.dossier(code).late_handover
    desk.clock.set(datetime.fromisoformat("2026-11-23T14:31+07:00"))
    assert fire_due_timers(desk.runtime) == [code]
    assert desk.dossier(code).late_handover
    assert [t.task_name for t in desk.open_tasks(code)] == ["hand_over"]
    with desk.runtime.unit_of_work() as uow:
        late = uow.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.subject.contains("chuyển muộn")))
        assert list(late) == ["lanhdao.anhoa@thaian.example.vn"]  # the ward's leader
    assert fire_due_timers(desk.runtime) == []  # fired once, never again
    desk.complete(code, "hand_over", "motcua.anhoa")
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]


def test_a_handover_in_time_never_fires(desk):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.clock.advance(timedelta(days=2))
    assert fire_due_timers(desk.runtime) == []
    assert not desk.dossier(code).late_handover


def _apologise(desk, code, new_due: str, by="chuyenvien.stc"):
    return request_apology(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id(by),
        expected_version=desk.dossier(code).version,
        reason="Chờ xác minh của cơ quan thuế",
        new_due=datetime.fromisoformat(new_due),
    )


@pytest.fixture
def company(desk):
    """A single-member company registration at the provincial centre, in the department's hands."""
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    return code


def test_the_apology_sets_a_new_appointment_once_after_the_leader_approves(desk, company):
    assert desk.dossier(company).due_at == datetime.fromisoformat("2026-11-27T09:00+07:00")
    _apologise(desk, company, "2026-12-02T17:00+07:00")
    assert desk.dossier(company).due_at == datetime.fromisoformat("2026-11-27T09:00+07:00")  # not before approval
    desk.complete(company, "approve_apology", "lanhdao.stc", decision="approve")
    dossier = desk.dossier(company)
    assert dossier.due_at == datetime.fromisoformat("2026-12-02T17:00+07:00") and dossier.apology_count == 1
    with pytest.raises(InvalidData, match="một lần"):
        _apologise(desk, company, "2026-12-04T17:00+07:00")


def test_the_apology_comes_at_least_a_working_day_before_the_due_moment(desk, company):
    desk.clock.set(datetime.fromisoformat("2026-11-26T10:00+07:00"))  # less than a working day before 27/11 09:00
    with pytest.raises(InvalidData, match="một ngày làm việc"):
        _apologise(desk, company, "2026-12-02T17:00+07:00")


def test_a_dossier_whose_timer_step_fails_does_not_stop_the_others(desk, monkeypatch):
    failing, fine = desk.submit(), desk.submit()
    for code in (failing, fine):
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # handover due 14:30
    desk.clock.set(datetime.fromisoformat("2026-11-23T14:31+07:00"))
    begin = Step.begin

    def refusing(runtime, session, code, version, actor):
        if code == failing:
            raise StepNotAvailable(dossier_code=code, action="chạy mốc thời gian")
        return begin(runtime, session, code, version, actor)

    monkeypatch.setattr(Step, "begin", refusing)
    assert fire_due_timers(desk.runtime) == [fine]
    monkeypatch.setattr(Step, "begin", begin)
    assert fire_due_timers(desk.runtime) == [failing]  # left for the next run, which fires it
