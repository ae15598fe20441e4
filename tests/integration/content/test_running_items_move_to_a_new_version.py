"""Running content items move to a new version of workflows/content.bpmn as running dossiers do: each at its step,
one transaction and one event each; an item whose current step the new version no longer has stays, listed with why."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from engine.dossiers.migration import migrate_running
from engine.models import ContentItem, ContentStatus, Event, WorkflowInstance
from engine.workflow.behaviours import CONTENT_PROCESS
from engine.workflow.definitions import deploy
from engine.workflow.elements import decode

# Version 2: an item sent back goes straight back to the editor (no step of the contributor's), and the
# editor-in-chief's step has another id and name, in the same place (SpiffWorkflow aligns it by structure).
V1 = (Path(__file__).parents[3] / "workflows" / "content.bpmn").read_text("utf-8")
WITHOUT_FIX = (
    r'\s*<bpmn:flowNodeRef>fix_content</bpmn:flowNodeRef>|\s*<bpmn:userTask id="fix_content".*?</bpmn:userTask>'
    r'|\s*<bpmn:sequenceFlow id="flow_fixed"[^>]*/>|\s*<bpmndi:BPMN(Shape|Edge) id="(fix_content|flow_fixed)_di".*?'
    r"</bpmndi:BPMN(Shape|Edge)>"
)
V2 = decode(
    re.sub(WITHOUT_FIX, "", V1, flags=re.S)
    .replace('targetRef="fix_content"', 'targetRef="edit_content"')
    .replace("<bpmn:incoming>flow_fixed</bpmn:incoming>", "<bpmn:incoming>flow_sent_back</bpmn:incoming>")
    .replace('id="approve_content" name="Duyệt tin bài"', 'id="approve_item" name="Duyệt đăng tin bài"')
    .replace('Ref="approve_content"', 'Ref="approve_item"')
    .replace("<bpmn:flowNodeRef>approve_content<", "<bpmn:flowNodeRef>approve_item<")
    .replace('bpmnElement="approve_content"', 'bpmnElement="approve_item"')
    .encode("utf-8")
)


def _version(board, code: str) -> int:
    with board.runtime.unit_of_work() as uow:
        instance = uow.session.scalar(
            select(WorkflowInstance)
            .join(ContentItem, ContentItem.instance_id == WorkflowInstance.id)
            .where(ContentItem.code == code)
        )
        return instance.process_definition.version


def _migrated_events(board, code: str) -> int:
    with board.runtime.unit_of_work() as uow:
        events = uow.session.scalars(select(Event).where(Event.action == "workflow_migrated"))
        return sum(1 for event in events if (event.after or {}).get("content_item") == code)


def test_items_at_each_step_move_and_the_one_at_a_removed_step_is_listed(board):
    editing, approving, fixing = board.submit(), board.submit(), board.submit()
    board.complete(approving, "edit_content", "bientapvien", decision="forward")
    board.complete(fixing, "edit_content", "bientapvien", decision="send_back", reason="Thiếu ảnh.")
    with board.runtime.unit_of_work() as uow:
        assert deploy(uow.session, CONTENT_PROCESS, V2, board.clock.now()).version == 2
        uow.commit()

    preview = migrate_running(board.runtime, process_key=CONTENT_PROCESS, to_version=2, dry_run=True)
    assert {_version(board, code) for code in (editing, approving, fixing)} == {1}
    migration = migrate_running(board.runtime, process_key=CONTENT_PROCESS, to_version=2)

    assert (preview.moved, preview.left) == (migration.moved, migration.left)
    moved, left = dict(migration.moved), {item.code: item for item in migration.left}
    assert (moved.get(editing), moved.get(approving), fixing in moved) == (1, 1, False)
    assert left[fixing].reason.format(**left[fixing].details) == (
        "bước hiện tại «Sửa tin bài, gửi lại» (fix_content) không có trong phiên bản 2"
    )
    assert (_version(board, editing), _version(board, approving), _version(board, fixing)) == (2, 2, 1)
    assert [_migrated_events(board, code) for code in (editing, approving, fixing)] == [1, 1, 0]
    assert (board.open_tasks(editing), board.open_tasks(approving)) == (["edit_content"], ["approve_item"])

    # On version 2 an item sent back is the editor's again; the one left behind still goes through version 1.
    board.complete(editing, "edit_content", "bientapvien", decision="forward")
    board.complete(editing, "approve_item", "truongban", decision="send_back", reason="Sai tên người chụp.")
    assert board.open_tasks(editing) == ["edit_content"]
    board.complete(approving, "approve_item", "truongban", decision="publish")
    board.complete(fixing, "fix_content", "ctv.svhttdl", note="Đã thêm ảnh.")
    assert board.open_tasks(fixing) == ["edit_content"] and _version(board, fixing) == 1
    assert board.item(approving).status is ContentStatus.PUBLISHED
    again = migrate_running(board.runtime, process_key=CONTENT_PROCESS, to_version=2)
    assert (dict(again.moved).get(fixing), editing in dict(again.moved)) == (1, False)
