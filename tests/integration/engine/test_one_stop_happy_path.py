"""A birth registration at the ward's counter, from submission to the returned result, on time."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import select

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.task_forms import starting_values
from engine.models import Dossier, DossierStatus, Event, OutboxMessage, Outcome, TaskRow, WorkflowInstance
from engine.runtime import Runtime
from reports.results import ResultDocuments
from sla.handover import HandoverRules
from tests.integration.engine.conftest import Desk


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_every_step_from_counter_to_result(desk):
    code = desk.submit()
    assert code == "000.01.10.H99-261123-0001"
    assert [t.task_name for t in desk.open_tasks(code)] == ["check_completeness"]

    reached = desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete").reached
    assert "dossier_received" in reached
    dossier = desk.dossier(code)
    assert dossier.status is DossierStatus.RECEIVED
    assert dossier.received_at == _local("2026-11-23T09:00+07:00")
    assert dossier.due_at == _local("2026-11-23T17:00+07:00")  # within the day
    assert dossier.handover_due_at == _local("2026-11-23T14:30+07:00")  # half a working day, lunch excluded

    desk.complete(code, "hand_over", "motcua.anhoa")
    review = desk.task(code, "review")
    assert desk.dossier(code).status is DossierStatus.PROCESSING
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    reached = desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN).reached
    assert "decision_signed" in reached
    assert desk.dossier(code).status is DossierStatus.RESOLVED
    with desk.runtime.unit_of_work() as uow:
        returning = uow.session.get(TaskRow, desk.task(code, "return_result").id)
        chosen = starting_values(uow.session, returning, uow.session.get(Dossier, returning.dossier_id))
        assert chosen == {"return_method": "counter"}  # the return task starts from the applicant's choice
    desk.complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Trần Thị Bình")

    dossier = desk.dossier(code)
    assert (dossier.status, dossier.outcome) == (DossierStatus.RESULT_RETURNED, Outcome.GRANTED)
    assert dossier.result_summary == "Giấy khai sinh số 1/KS-UBND"
    assert desk.open_tasks(code) == []
    assert review.department_id == dossier.department_id
    with desk.runtime.unit_of_work() as uow:
        instance = uow.session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        assert instance.completed and instance.next_timer_at is None
        actions = uow.session.scalars(select(Event.action).where(Event.dossier_id == dossier.id).order_by(Event.id))
        assert list(actions) == [
            "dossier_submitted",
            "dossier_received",
            "task_completed",
            "task_completed",
            "task_completed",
            "task_completed",
            "decision_signed",
            "task_completed",
            "result_returned",
            "task_completed",
        ]
        subjects = uow.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id))
        assert list(subjects) == [
            f"Hồ sơ {code} đã được gửi",
            f"Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả 17:00 ngày 23/11/2026",
            f"Hồ sơ {code} đã có kết quả",
        ]


def test_each_step_returns_the_version_the_next_step_expects(desk):
    code = desk.submit()
    result = desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert result.version == desk.dossier(code).version


def test_a_province_on_the_national_rule_hands_over_by_the_end_of_the_day(settings, clock, demo):
    """MOTCUA_HANDOVER_RULES="same_day": received at 09:00, handed over by the day's closing, not 14:30."""
    chosen = dataclasses.replace(settings, handover_rules=HandoverRules.parse("half_day; 2026-07-01 same_day"))
    runtime = Runtime.start(chosen, clock, render_result=ResultDocuments.of(chosen))
    try:
        desk = Desk(runtime, clock)
        code = desk.submit()
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
        assert desk.dossier(code).handover_due_at == _local("2026-11-23T17:00+07:00")
    finally:
        runtime.close()
