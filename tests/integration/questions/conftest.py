"""A demo province and a question desk: ask as the public, act on questions as any demo user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from engine.models import OutboxMessage, Question, TaskRow, TaskState, User
from engine.questions.services import Asker, QuestionMoved, ask, complete_question_task
from engine.runtime import Runtime
from sla.clock import ManualClock

ROUTE = {"decision": "accept", "agency": "000.00.31.H99", "topic": "ho_tich"}
ANSWER = {"kind": "answer", "answer": "Ông/bà nộp tờ khai đăng ký khai sinh tại UBND cấp xã nơi cư trú."}
PUBLISH = {
    "decision": "publish",
    "public_title": "Đăng ký khai sinh cho con ở đâu?",
    "public_question": "Tôi muốn đăng ký khai sinh cho con thì nộp hồ sơ ở đâu?",
    "public_answer": "Nộp tờ khai đăng ký khai sinh tại UBND cấp xã nơi cư trú.",
}


@dataclass
class QuestionDesk:
    runtime: Runtime
    clock: ManualClock

    def user_id(self, username: str) -> int:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(User.id).where(User.username == username))

    def ask(self, **fields: Any) -> str:
        asker = Asker(
            fields.pop("name", "Trần Văn Bình"), fields.pop("email", "binh@example.vn"), fields.pop("phone", "")
        )
        values = {
            "title": "Đăng ký khai sinh ở đâu?",
            "body": "Tôi muốn hỏi thủ tục đăng ký khai sinh cho con.",
            **fields,
        }
        return ask(self.runtime, self.runtime.unit_of_work(), asker=asker, **values).code

    def question(self, code: str) -> Question:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(Question).where(Question.code == code))

    def open_tasks(self, code: str) -> list[str]:
        with self.runtime.unit_of_work() as uow:
            return list(
                uow.session.scalars(
                    select(TaskRow.task_name)
                    .join(Question, Question.instance_id == TaskRow.instance_id)
                    .where(Question.code == code, TaskRow.state == TaskState.OPEN)
                )
            )

    def complete(self, code: str, task: str, by: str, **form: Any) -> QuestionMoved:
        with self.runtime.unit_of_work() as uow:
            row = uow.session.scalar(
                select(TaskRow)
                .join(Question, Question.instance_id == TaskRow.instance_id)
                .where(Question.code == code, TaskRow.task_name == task, TaskRow.state == TaskState.OPEN)
            )
        assert row is not None, f"{task} is not open; open: {self.open_tasks(code)}"
        return complete_question_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=row.id,
            actor_id=self.user_id(by),
            data=form,
            expected_version=self.question(code).version,
        )

    def notices(self, recipient: str = "") -> list[OutboxMessage]:
        with self.runtime.unit_of_work() as uow:
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            if recipient:
                query = query.where(OutboxMessage.recipient == recipient)
            return list(uow.session.scalars(query))


@pytest.fixture
def qa(runtime, clock, demo) -> QuestionDesk:
    return QuestionDesk(runtime, clock)
