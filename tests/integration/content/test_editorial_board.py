"""An item through the editorial board: edited, sent back with a reason, fixed, approved, published, kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from engine.content.services import complete_content_task, correct_published, unpublish_item
from engine.content.step import ContentChanged
from engine.errors import InvalidData, NotAllowed
from engine.models import ContentEdit, ContentItem, ContentStatus, ContentVersion, Event, TaskRow, TaskState
from tests.integration.content.conftest import NEWS, Board


def test_an_item_sent_back_is_fixed_approved_and_published_with_its_version(board: Board):
    code = board.submit()
    item = board.item(code)
    assert item.status is ContentStatus.SUBMITTED
    assert "<script>" not in item.body and "<strong>Văn hóa</strong>" in item.body
    assert board.open_tasks(code) == ["edit_content"]

    board.complete(code, "edit_content", "bientapvien", decision="send_back", reason="Thiếu ảnh và nguồn tin.")
    assert board.item(code).status is ContentStatus.SENT_BACK
    assert board.item(code).sent_back_reason == "Thiếu ảnh và nguồn tin."
    assert board.open_tasks(code) == ["fix_content"]

    fixed = replace(NEWS, title="Khai mạc Tuần lễ Văn hóa tỉnh Thái An", body="<p>Đã sửa.</p>")
    board.complete(code, "fix_content", "ctv.svhttdl", item=fixed)
    assert board.item(code).status is ContentStatus.SUBMITTED
    board.complete(code, "edit_content", "bientapvien", replace(fixed, body="<p>Đã biên tập.</p>"), decision="forward")
    assert board.item(code).status is ContentStatus.IN_APPROVAL
    board.complete(code, "approve_content", "truongban", decision="publish")

    item = board.item(code)
    assert item.status is ContentStatus.PUBLISHED
    assert (item.author.username, item.approver.username, item.revision) == ("ctv.svhttdl", "truongban", 1)
    assert item.slug == "khai-mac-tuan-le-van-hoa-tinh-thai-an"
    assert board.open_tasks(code) == []
    with board.runtime.unit_of_work() as uow:
        version = uow.session.scalar(select(ContentVersion).where(ContentVersion.item_id == item.id))
        events = uow.session.scalars(select(Event.action).where(Event.after["content_item"].as_string() == code))
        assert version.snapshot["body"] == "<p>Đã biên tập.</p>"
        assert list(events) == ["content_submitted"] + ["content_task_completed"] * 4
        edits = uow.session.execute(
            select(ContentEdit.step, ContentEdit.editor_id)
            .where(ContentEdit.item_id == item.id)
            .order_by(ContentEdit.id)
        )
        assert list(edits) == [
            ("submitted", item.author_id),
            ("fix_content", item.author_id),
            ("edit_content", board.user_id("bientapvien")),
        ]


def test_unpublishing_keeps_the_record_and_is_the_chiefs_alone(board: Board):
    code = board.submit()
    board.publish(code)
    with pytest.raises(NotAllowed):
        unpublish_item(
            board.runtime,
            board.runtime.unit_of_work(),
            code=code,
            actor_id=board.user_id("bientapvien"),
            reason="Thông tin đã cũ.",
        )
    unpublish_item(
        board.runtime,
        board.runtime.unit_of_work(),
        code=code,
        actor_id=board.user_id("truongban"),
        reason="Thông tin đã cũ.",
    )
    item = board.item(code)
    assert item.status is ContentStatus.UNPUBLISHED and item.published_at is not None and item.revision == 1


def test_only_contributors_submit_and_the_board_works_its_own_steps(board: Board):
    with pytest.raises(NotAllowed):
        board.submit(by="bientapvien")
    code = board.submit()
    with pytest.raises(NotAllowed):
        board.complete(code, "edit_content", "ctv.stp", decision="forward")


def test_a_bad_draft_is_refused_by_field_and_nothing_is_written(board: Board):
    with pytest.raises(InvalidData) as refused:
        board.submit(replace(NEWS, title="Tin", event_on="23/11/2026", content_type="news"))
    assert set(refused.value.errors) == {"title", "event_on"}
    with pytest.raises(InvalidData) as refused:
        board.submit(replace(NEWS, content_type="legal", legal=None))
    assert "number" in refused.value.errors
    with board.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(ContentItem.id)) is None


def test_a_correction_by_the_chief_is_the_next_version_and_the_first_stays(board: Board):
    code = board.submit()
    board.publish(code)
    text = {"title": "Khai mạc Tuần lễ Văn hóa tỉnh Thái An 2026", "summary": "Đã đính chính.", "body": "<p>Mới.</p>"}
    with pytest.raises(NotAllowed):
        correct_published(
            board.runtime,
            board.runtime.unit_of_work(),
            code=code,
            actor_id=board.user_id("bientapvien"),
            text=text,
            reason="Sai năm tổ chức.",
        )
    with pytest.raises(InvalidData):
        correct_published(
            board.runtime,
            board.runtime.unit_of_work(),
            code=code,
            actor_id=board.user_id("truongban"),
            text=text,
            reason="",
        )
    correct_published(
        board.runtime,
        board.runtime.unit_of_work(),
        code=code,
        actor_id=board.user_id("truongban"),
        text=text,
        reason="Sai năm tổ chức.",
    )
    item = board.item(code)
    assert (item.status, item.revision, item.title) == (ContentStatus.PUBLISHED, 2, text["title"])
    with board.runtime.unit_of_work() as uow:
        titles = uow.session.scalars(
            select(ContentVersion.snapshot).where(ContentVersion.item_id == item.id).order_by(ContentVersion.revision)
        )
        assert [snapshot["title"] for snapshot in titles] == [NEWS.title, text["title"]]


def test_a_stale_step_is_refused_and_changes_nothing(board: Board):
    code = board.submit()
    stale = board.item(code).version
    board.complete(code, "edit_content", "bientapvien", decision="forward")
    with board.runtime.unit_of_work() as uow:
        row = uow.session.scalar(
            select(TaskRow).where(TaskRow.task_name == "approve_content", TaskRow.state == TaskState.OPEN)
        )
    with pytest.raises(ContentChanged):
        complete_content_task(
            board.runtime,
            board.runtime.unit_of_work(),
            task_id=row.id,
            actor_id=board.user_id("truongban"),
            data={"decision": "publish"},
            expected_version=stale,
        )
    assert board.item(code).status is ContentStatus.IN_APPROVAL
    assert board.open_tasks(code) == ["approve_content"]
