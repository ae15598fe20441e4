"""Content notices reach a real SMTP server once each, in the recipient's language: the editors when an item is
submitted (and resubmitted), the editor-in-chief when it awaits approval, the author when it is sent back (with the
reason) or published."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from sqlalchemy import update

from engine.models import User
from engine.notices.outbox import DeliveryReport, deliver_outbox
from engine.settings import SmtpSettings
from tests.integration.content.conftest import NEWS


@pytest.fixture
def settings(settings, smtp_server):
    smtp = SmtpSettings(
        host="127.0.0.1", port=smtp_server.port, sender="Cổng thông tin Thái An <cong@thaian.example.vn>"
    )
    return dataclasses.replace(settings, smtp=smtp, public_url="https://thaian.example.vn")


def _set(board, username: str, **values: str) -> str:
    with board.runtime.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.username == username).values(**values))
        uow.commit()
    return values["email"]


def _delivered(board, smtp_server) -> list[tuple[str, str, str]]:
    """What the last delivery run sent: (to, subject, text), and nothing more on a second run."""
    before = len(smtp_server.messages)
    deliver_outbox(board.runtime)
    assert deliver_outbox(board.runtime) == DeliveryReport()
    return [(m["To"], m["Subject"], m.get_content()) for m in smtp_server.messages[before:]]


def test_each_step_tells_who_acts_next_once_in_their_language(board, smtp_server):
    author = _set(board, "ctv.svhttdl", email="khoa@svhttdl.example.vn", language="en")
    editor = _set(board, "bientapvien", email="chau@thaian.example.vn", language="vi")
    chief = _set(board, "truongban", email="dang@thaian.example.vn", language="vi")

    code = board.submit()
    ((to, subject, text),) = _delivered(board, smtp_server)
    assert (to, subject) == (editor, f"Tin bài {code} chờ biên tập")
    assert "Hạn đăng: 17:00 ngày 26/11/2026" in text and f"https://thaian.example.vn/staff/content/{code}" in text

    board.complete(code, "edit_content", "bientapvien", decision="send_back", reason="Thêm tên tác giả ảnh.")
    ((to, subject, text),) = _delivered(board, smtp_server)
    assert (to, subject) == (author, f"Item {code} was sent back to you")
    assert "for this reason: Thêm tên tác giả ảnh." in text

    fixed = replace(NEWS, body="<p>Ảnh: Bùi Văn Khoa.</p>")
    board.complete(code, "fix_content", "ctv.svhttdl", item=fixed, note="Đã thêm.")
    assert [(to, subject) for to, subject, _ in _delivered(board, smtp_server)] == [
        (editor, f"Tin bài {code} chờ biên tập")
    ]

    board.complete(code, "edit_content", "bientapvien", decision="forward")
    ((to, subject, text),) = _delivered(board, smtp_server)
    assert (to, subject) == (chief, f"Tin bài {code} chờ duyệt đăng")

    board.complete(code, "approve_content", "truongban", decision="publish")
    ((to, subject, text),) = _delivered(board, smtp_server)
    item = board.item(code)
    assert (to, subject) == (author, f"Item {code} is published")
    assert f"https://thaian.example.vn/content/{item.id}/{item.slug}" in text
