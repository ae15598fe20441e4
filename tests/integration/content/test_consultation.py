"""Public consultation on a draft: comments while open (name and contact required, private until moderated), closed
at the end of its day, the drafting agency's summary after closing, a late summary flagged once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from engine.content.consultations import (
    comment,
    comments,
    flag_late_summaries,
    moderate,
    open_consultations,
    publish_summary,
)
from engine.errors import InvalidData, NotAllowed, StepNotAvailable
from engine.models import CommentStatus
from tests.integration.content.conftest import NEWS, Board

DRAFT = replace(
    NEWS,
    content_type="consultation",
    title="Dự thảo Quyết định quy định mức thu phí tham quan di tích",
    event_on="",
    featured=False,
    category="",
    closes_on="2026-11-27",
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def say(board: Board, item_id: int, **fields) -> int:
    values = {"name": "Trần Thị Góp", "contact": "gop@example.vn", "body": "Đề nghị miễn phí cho học sinh.", **fields}
    return comment(board.runtime, board.runtime.unit_of_work(), item_id=item_id, **values)


def test_a_consultation_takes_comments_until_it_closes_then_its_summary_is_published(board: Board):
    code = board.submit(DRAFT)
    board.publish(code)
    item = board.item(code)
    assert item.consultation.closes_at == at("2026-11-28T00:00")
    assert item.consultation.summary_due_at == at("2026-12-11T17:00")  # 10 working days after closing
    first = say(board, item.id)
    second = say(board, item.id, name="Lê Văn Ý", contact="0912 345 678", body="Nên thu phí theo giờ mở cửa.")
    with pytest.raises(InvalidData) as refused:
        say(board, item.id, name="", contact="không có", body="ngắn")
    assert set(refused.value.errors) == {"name", "contact", "body"}

    with pytest.raises(NotAllowed):
        moderate(
            board.runtime,
            board.runtime.unit_of_work(),
            comment_id=first,
            actor_id=board.user_id("ctv.stp"),
            publish=True,
        )
    editor = board.user_id("bientapvien")
    moderate(board.runtime, board.runtime.unit_of_work(), comment_id=first, actor_id=editor, publish=True)
    moderate(board.runtime, board.runtime.unit_of_work(), comment_id=second, actor_id=editor, publish=False)
    with board.runtime.unit_of_work() as uow:
        shown = comments(uow.session, item.id, CommentStatus.PUBLISHED)
        assert [c.name for c in shown] == ["Trần Thị Góp"]
        assert [i.code for i in open_consultations(uow.session, board.clock.now())] == [code]

    summary = "<p>Tiếp thu: miễn phí cho học sinh. Giải trình về giờ mở cửa.</p>"
    author = board.user_id("ctv.svhttdl")
    with pytest.raises(StepNotAvailable):
        publish_summary(board.runtime, board.runtime.unit_of_work(), code=code, actor_id=author, summary=summary)

    board.clock.set(at("2026-11-28T00:00"))
    with pytest.raises(StepNotAvailable):
        say(board, item.id)
    with board.runtime.unit_of_work() as uow:
        assert open_consultations(uow.session, board.clock.now()) == []
    publish_summary(board.runtime, board.runtime.unit_of_work(), code=code, actor_id=author, summary=summary)
    assert board.item(code).consultation.summary == summary
    board.clock.set(at("2026-12-12T08:00"))
    assert flag_late_summaries(board.runtime) == {"late_summaries": []}


def test_a_late_summary_is_flagged_once(board: Board):
    code = board.submit(DRAFT)
    board.publish(code)
    board.clock.set(at("2026-12-11T17:01"))
    assert flag_late_summaries(board.runtime) == {"late_summaries": [code]}
    assert flag_late_summaries(board.runtime) == {"late_summaries": []}


def test_a_consultation_needs_a_closing_day_after_today(board: Board):
    with pytest.raises(InvalidData) as refused:
        board.submit(replace(DRAFT, closes_on="2026-11-23"))
    assert set(refused.value.errors) == {"closes_on"}
