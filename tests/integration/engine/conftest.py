"""A demo province with the shipped diagrams deployed, and a desk to act in it as any demo user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from engine.documents.previews import open_preview
from engine.dossiers.step import StepResult
from engine.dossiers.submission import Applicant, submit
from engine.dossiers.task_forms import task_form
from engine.dossiers.tasks import complete_task
from engine.models import Channel, Dossier, TaskRow, TaskState, User
from engine.people.permissions import may_work
from engine.runtime import Runtime
from engine.uploads import Upload
from forms.samples import sample
from sla.clock import ManualClock


@dataclass
class Desk:
    """Acts through the services exactly as the web app will, by demo login name."""

    runtime: Runtime
    clock: ManualClock

    def user_id(self, username: str) -> int:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(User.id).where(User.username == username))

    def dossier(self, code: str) -> Dossier:
        with self.runtime.unit_of_work() as uow:
            dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
            dossier.pauses  # noqa: B018 - loaded before the session closes
            return dossier

    def open_tasks(self, code: str) -> list[TaskRow]:
        with self.runtime.unit_of_work() as uow:
            return list(
                uow.session.scalars(
                    select(TaskRow)
                    .join(Dossier, TaskRow.dossier_id == Dossier.id)
                    .where(Dossier.code == code, TaskRow.state == TaskState.OPEN)
                    .order_by(TaskRow.id)
                )
            )

    def task(self, code: str, name: str) -> TaskRow:
        tasks = [t for t in self.open_tasks(code) if t.task_name == name]
        assert tasks, f"{name} is not open; open: {[t.task_name for t in self.open_tasks(code)]}"
        return tasks[0]

    def submit(
        self,
        procedure: str = "birth_registration",
        unit: str = "000.01.10.H99",
        by: str = "motcua.anhoa",
        channel: Channel = Channel.COUNTER,
        files: Sequence[Upload] = (),
        **applicant: Any,
    ) -> str:
        details = Applicant(**{"name": "Trần Thị Bình", "email": "binh@example.vn", **applicant})
        result = submit(
            self.runtime,
            self.runtime.unit_of_work(),
            procedure=procedure,
            receiving_unit=unit,
            channel=channel,
            actor_id=self.user_id(by),
            applicant=details if channel is Channel.COUNTER else None,
            files=files,
        )
        return result.dossier_code

    def complete(self, code: str, task: str, by: str, **form: Any) -> StepResult:
        """Complete the open task of that name that `by` may work (or the first one, to test a refusal), after
        opening it as the task page does; a proposed result gets sample values for the decided content the test
        leaves out."""
        with self.runtime.unit_of_work() as uow:
            user = uow.session.get(User, self.user_id(by))
            candidates = [t for t in self.open_tasks(code) if t.task_name == task]
            row = next((t for t in candidates if may_work(user, t)), None) or self.task(code, task)
            if form.get("proposal") == "result":
                schema = task_form(row, uow.session.get(Dossier, row.dossier_id).procedure_version)
                form = sample(schema, form, {}, self.clock.now().date())
            if may_work(user, row):
                open_preview(self.runtime, self.runtime.unit_of_work(), task_id=row.id, actor_id=user.id)
        return complete_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=row.id,
            actor_id=user.id,
            data=form,
            expected_version=self.dossier(code).version,
        )


@pytest.fixture
def desk(runtime, clock, demo) -> Desk:
    return Desk(runtime, clock)
