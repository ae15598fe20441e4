"""Every step refuses the wrong role, the wrong agency, the wrong department and the wrong applicant."""

from __future__ import annotations

import pytest

from engine.dossiers.submission import submit
from engine.dossiers.tasks import claim, reassign, release
from engine.errors import InvalidData, NotAllowed
from engine.models import Channel


@pytest.mark.parametrize(
    ("task", "intruder"),
    [
        ("check_completeness", "chuyenvien.anhoa"),  # right agency, wrong role
        ("check_completeness", "motcua.tanlap"),  # right role, another commune
        ("check_completeness", "motcua.ttpv"),  # right role, the provincial centre
        ("check_completeness", "nguyenvanan"),  # an applicant
    ],
)
def test_reception_tasks_belong_to_the_receiving_units_clerks(desk, task, intruder):
    code = desk.submit()
    with pytest.raises(NotAllowed):
        desk.complete(code, task, intruder, decision="complete")


@pytest.mark.parametrize("intruder", ["chuyenvien.tanlap", "chuyenvienkt.anhoa", "truongphong.anhoa", "motcua.anhoa"])
def test_the_review_belongs_to_the_specialists_of_the_resolving_department(desk, intruder):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    with pytest.raises(NotAllowed):
        desk.complete(code, "review", intruder, proposal="result", draft_summary="Dự thảo")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Dự thảo")


def test_counter_submission_only_by_the_units_clerks(desk):
    for intruder in ("motcua.tanlap", "chuyenvien.anhoa"):
        with pytest.raises(NotAllowed):
            desk.submit(by=intruder)


def test_a_procedure_is_received_only_where_it_is_handled(desk):
    with pytest.raises(InvalidData, match="không tiếp nhận tại đơn vị"):
        desk.submit(procedure="company_registration_llc1", unit="000.01.10.H99")
    with pytest.raises(InvalidData, match="bộ phận một cửa"):
        submit(
            desk.runtime,
            desk.runtime.unit_of_work(),
            procedure="birth_registration",
            receiving_unit="000.00.31.H99",
            channel=Channel.ONLINE,
            actor_id=desk.user_id("nguyenvanan"),
        )


def test_a_claimed_task_is_worked_by_its_holder_until_released_or_reassigned(desk):
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    review = desk.task(code, "review")
    uow = desk.runtime.unit_of_work
    claim(desk.runtime, uow(), task_id=review.id, actor_id=desk.user_id("chuyenvien.stc"))
    with pytest.raises(NotAllowed):
        release(desk.runtime, uow(), task_id=review.id, actor_id=desk.user_id("chuyenvien.snnmt"))
    with pytest.raises(NotAllowed):
        reassign(
            desk.runtime,
            uow(),
            task_id=review.id,
            actor_id=desk.user_id("chuyenvien.stc"),
            assignee_id=desk.user_id("chuyenvien.stc"),
        )
    with pytest.raises(InvalidData):
        reassign(
            desk.runtime,
            uow(),
            task_id=review.id,
            actor_id=desk.user_id("truongphong.stc"),
            assignee_id=desk.user_id("chuyenvien.snnmt"),
        )
    reassign(
        desk.runtime,
        uow(),
        task_id=review.id,
        actor_id=desk.user_id("truongphong.stc"),
        assignee_id=desk.user_id("chuyenvien.stc"),
    )
    assert desk.task(code, "review").claimed_by_id == desk.user_id("chuyenvien.stc")
    release(desk.runtime, uow(), task_id=review.id, actor_id=desk.user_id("truongphong.stc"))
    assert desk.task(code, "review").claimed_by_id is None
