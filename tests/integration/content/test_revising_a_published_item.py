"""Revising a published item goes through the whole board: the published version stays public, unchanged, while
the revision is edited, sent back and fixed; once approved it replaces it, the old one kept in the versions."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.content.deadlines import flag_content_deadlines
from engine.content.queries import content_inbox, published_items
from engine.content.services import correct_published, revise_item
from engine.content.step import ContentChanged
from engine.errors import InvalidData, NotAllowed, StepNotAvailable
from engine.models import ContentStatus, ContentVersion, Event, TaskRow, TaskState, User
from tests.integration.content.conftest import NEWS, Board

REVISED = replace(NEWS, title="Khai mạc Tuần lễ Văn hóa tỉnh Thái An năm 2026", body="<p>Bản sửa đổi.</p>")


def _revise(board: Board, code: str, by: str = "ctv.svhttdl", draft=REVISED) -> None:
    revise_item(
        board.runtime,
        board.runtime.unit_of_work(),
        code=code,
        actor_id=board.user_id(by),
        draft=draft,
        expected_version=board.item(code).version,
    )


def _public_titles(board: Board) -> list[str]:
    with board.runtime.unit_of_work() as uow:
        return [item.title for item in published_items(uow.session).items]


def test_a_revision_goes_through_the_board_and_replaces_the_published_version_only_when_approved(board: Board):
    code = board.submit()
    board.publish(code)
    board.clock.advance(timedelta(days=10))
    _revise(board, code)
    item = board.item(code)
    assert (item.status, item.draft_status, item.title, item.revision) == (
        ContentStatus.PUBLISHED,
        ContentStatus.SUBMITTED,
        NEWS.title,
        1,
    )
    assert board.open_tasks(code) == ["edit_content"]
    assert _public_titles(board) == [NEWS.title]
    with board.runtime.unit_of_work() as uow:
        editor = uow.session.get(User, board.user_id("bientapvien"))
        (task,) = content_inbox(uow.session, editor, board.clock.now())
        assert (task.code, task.late) == (code, False)  # its publishing deadline long past, the revision has none
        due = uow.session.scalar(select(TaskRow.due_at).where(TaskRow.state == TaskState.OPEN))
        assert due is None

    board.complete(code, "edit_content", "bientapvien", decision="send_back", reason="Thiếu tên người chụp ảnh.")
    item = board.item(code)
    assert (item.status, item.draft_status, item.body) == (
        ContentStatus.PUBLISHED,
        ContentStatus.SENT_BACK,
        "<p>Tuần lễ <strong>Văn hóa</strong> khai mạc.</p>",
    )
    assert _public_titles(board) == [NEWS.title]

    fixed = replace(REVISED, body="<p>Bản sửa đổi. Ảnh: Bùi Văn Khoa.</p>")
    board.complete(code, "fix_content", "ctv.svhttdl", fixed)
    board.complete(code, "edit_content", "bientapvien", decision="forward")
    assert board.item(code).draft_status is ContentStatus.IN_APPROVAL
    assert board.item(code).title == NEWS.title
    assert flag_content_deadlines(board.runtime) == {"late": []}  # a revision of a published item is never late
    board.complete(code, "approve_content", "truongban", decision="publish")

    item = board.item(code)
    assert (item.status, item.draft, item.draft_status, item.title, item.body, item.revision) == (
        ContentStatus.PUBLISHED,
        None,
        None,
        REVISED.title,
        fixed.body,
        2,
    )
    assert _public_titles(board) == [REVISED.title]
    with board.runtime.unit_of_work() as uow:
        versions = uow.session.scalars(
            select(ContentVersion).where(ContentVersion.item_id == item.id).order_by(ContentVersion.revision)
        )
        assert [v.snapshot["title"] for v in versions] == [NEWS.title, REVISED.title]
        actions = uow.session.scalars(select(Event.action).where(Event.after["content_item"].as_string() == code))
        assert "content_revision_submitted" in list(actions)


def test_who_may_revise_and_when(board: Board):
    code = board.submit()
    with pytest.raises(StepNotAvailable):
        _revise(board, code)  # not published yet
    board.publish(code)
    with pytest.raises(NotAllowed):
        _revise(board, code, by="ctv.stp")  # another agency's contributor
    with pytest.raises(InvalidData) as refused:
        _revise(board, code, draft=replace(REVISED, title="Tin", event_on="hôm qua"))
    assert set(refused.value.errors) == {"title", "event_on"}
    assert board.item(code).draft is None
    _revise(board, code, by="bientapvien")  # an editor revises too
    with pytest.raises(StepNotAvailable):
        _revise(board, code)  # one revision at a time
    with pytest.raises(StepNotAvailable):
        correct_published(
            board.runtime,
            board.runtime.unit_of_work(),
            code=code,
            actor_id=board.user_id("truongban"),
            text={"title": "Một tiêu đề khác", "body": ""},
            reason="Sai tên.",
        )


def test_a_stale_revision_is_refused(board: Board):
    code = board.submit()
    board.publish(code)
    stale = board.item(code).version
    _revise(board, code)
    board.complete(code, "edit_content", "bientapvien", decision="send_back", reason="Chưa đúng.")
    with pytest.raises((ContentChanged, StepNotAvailable)):
        revise_item(
            board.runtime,
            board.runtime.unit_of_work(),
            code=code,
            actor_id=board.user_id("ctv.svhttdl"),
            draft=REVISED,
            expected_version=stale,
        )
