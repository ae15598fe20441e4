"""Running dossiers move to a corrected diagram (`motcua procedures migrate`): each at its step, one transaction and
one event each; a dossier whose current step the new version no longer has stays on its version, listed with why."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.migration import migrate_running
from engine.models import DossierStatus, Event, WorkflowInstance
from engine.workflow.definitions import deploy
from engine.workflow.elements import decode

# One step less (reception hands over in its check) and one step more (a legal check before the signature).
V2 = decode((Path(__file__).parent / "one_stop_v2.bpmn").read_bytes())
REVIEW = {"proposal": "result", "draft_summary": "Dự thảo giấy khai sinh"}


def _at(desk, steps: list[tuple[str, str, dict]]) -> str:
    code = desk.submit()
    for task, by, form in steps:
        desk.complete(code, task, by, **form)
    return code


STEPS = [
    ("check_completeness", "motcua.anhoa", {"decision": "complete"}),
    ("hand_over", "motcua.anhoa", {}),
    ("review", "chuyenvien.anhoa", REVIEW),
    ("department_approval", "truongphong.anhoa", {"decision": "approve"}),
    ("sign", "lanhdao.anhoa", {"decision": "sign", "pin": DEMO_PIN}),
]


def _version(desk, code: str) -> int:
    with desk.runtime.unit_of_work() as uow:
        dossier_id = desk.dossier(code).id
        instance = uow.session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier_id))
        return instance.process_definition.version


def _events(desk, code: str, action: str) -> list[Event]:
    with desk.runtime.unit_of_work() as uow:
        return list(uow.session.scalars(select(Event).where(Event.dossier_code == code, Event.action == action)))


def test_dossiers_at_each_step_move_and_the_one_at_a_removed_step_is_listed(desk):
    codes = {STEPS[i][0] if i < len(STEPS) else "return_result": _at(desk, STEPS[:i]) for i in range(len(STEPS) + 1)}
    with desk.runtime.unit_of_work() as uow:
        assert deploy(uow.session, "one_stop", V2, desk.clock.now()).version == 2
        uow.commit()

    preview = migrate_running(desk.runtime, process_key="one_stop", to_version=2, dry_run=True)
    assert all(_version(desk, code) == 1 for code in codes.values())
    migration = migrate_running(desk.runtime, process_key="one_stop", to_version=2)

    assert (preview.moved, [left.code for left in preview.left]) == (migration.moved, [codes["hand_over"]])
    (left,) = migration.left
    assert left.reason.format(**left.details) == (
        "bước hiện tại «Chuyển hồ sơ cho phòng chuyên môn» (hand_over), «Hết hạn chuyển (nửa ngày làm việc)» "
        "(handover_deadline) không có trong phiên bản 2"
    )
    assert sorted(code for code, _ in migration.moved) == sorted(c for step, c in codes.items() if step != "hand_over")
    assert _version(desk, codes["hand_over"]) == 1
    for step, code in codes.items():
        if step != "hand_over":
            assert _version(desk, code) == 2
            assert len(_events(desk, code, "workflow_migrated")) == 1
            assert [t.task_name for t in desk.open_tasks(code)] == [step]  # each stays at its step

    # On version 2 a dossier at the leader's approval goes through the legal check before the signature.
    code = codes["department_approval"]
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    assert [t.task_name for t in desk.open_tasks(code)] == ["legal_check"]
    assert desk.open_tasks(code)[0].title == "Kiểm tra pháp chế"
    desk.complete(code, "legal_check", "truongphong.anhoa")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.anhoa", return_method="online")
    assert desk.dossier(code).status is DossierStatus.RESULT_RETURNED

    # The one left behind still finishes on version 1, and a second run moves nothing more.
    for task, by, form in [*STEPS[1:], ("return_result", "motcua.anhoa", {"return_method": "online"})]:
        desk.complete(codes["hand_over"], task, by, **form)
    assert desk.dossier(codes["hand_over"]).status is DossierStatus.RESULT_RETURNED
    again = migrate_running(desk.runtime, process_key="one_stop", to_version=2)
    assert (again.moved, again.left) == ([], [])


def test_a_dossier_checked_at_reception_on_v2_goes_straight_to_review(desk):
    with desk.runtime.unit_of_work() as uow:
        deploy(uow.session, "one_stop", V2, desk.clock.now())
        uow.commit()
    code = _at(desk, STEPS[:1])
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]
