"""A demo province and its editorial board: contributors submit, the board works the tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from engine.content.drafts import ItemDraft, LegalFields
from engine.content.services import ContentMoved, complete_content_task, submit_item
from engine.models import ContentItem, TaskRow, TaskState, User
from engine.runtime import Runtime
from sla.clock import ManualClock

NEWS = ItemDraft(
    content_type="news",
    title="Khai mạc Tuần lễ Văn hóa Thái An",
    summary="Sáng nay, Tuần lễ Văn hóa tỉnh Thái An khai mạc tại quảng trường trung tâm.",
    body="<p>Tuần lễ <strong>Văn hóa</strong> khai mạc.</p><script>alert(1)</script>",
    source="Sở Văn hóa, Thể thao và Du lịch",
    category="activities",
    featured=True,
    event_on="2026-11-23",
)
DECREE = ItemDraft(
    content_type="legal",
    title="Quyết định quy định đăng ký hộ tịch trực tuyến",
    summary="Quy định việc đăng ký hộ tịch trực tuyến trên địa bàn tỉnh.",
    legal=LegalFields(
        number="15/2026/QĐ-UBND",
        document_type="Quyết định",
        issuer="Ủy ban nhân dân tỉnh Thái An",
        signer="Nguyễn Quốc Bảo",
        issued_on="2026-11-20",
        effective_on="2026-12-01",
        field="Hộ tịch",
    ),
)


@dataclass
class Board:
    runtime: Runtime
    clock: ManualClock

    def user_id(self, username: str) -> int:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(User.id).where(User.username == username))

    def submit(self, draft: ItemDraft = NEWS, by: str = "ctv.svhttdl") -> str:
        return submit_item(self.runtime, self.runtime.unit_of_work(), actor_id=self.user_id(by), draft=draft).code

    def item(self, code: str) -> ContentItem:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(ContentItem).where(ContentItem.code == code))

    def open_tasks(self, code: str) -> list[str]:
        with self.runtime.unit_of_work() as uow:
            return list(
                uow.session.scalars(
                    select(TaskRow.task_name)
                    .join(ContentItem, ContentItem.instance_id == TaskRow.instance_id)
                    .where(ContentItem.code == code, TaskRow.state == TaskState.OPEN)
                )
            )

    def complete(self, code: str, task: str, by: str, item: ItemDraft | None = None, **form: Any) -> ContentMoved:
        with self.runtime.unit_of_work() as uow:
            row = uow.session.scalar(
                select(TaskRow)
                .join(ContentItem, ContentItem.instance_id == TaskRow.instance_id)
                .where(ContentItem.code == code, TaskRow.task_name == task, TaskRow.state == TaskState.OPEN)
            )
        assert row is not None, f"{task} is not open; open: {self.open_tasks(code)}"
        return complete_content_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=row.id,
            actor_id=self.user_id(by),
            data=form,
            expected_version=self.item(code).version,
            item=item,
        )

    def publish(self, code: str) -> None:
        self.complete(code, "edit_content", "bientapvien", decision="forward")
        self.complete(code, "approve_content", "truongban", decision="publish")


@pytest.fixture
def board(runtime, clock, demo) -> Board:
    return Board(runtime, clock)
