"""Demo questions (engine/demo_questions.json), each taken through the services to its state; safe to rerun."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from engine.models import Question, TaskRow, TaskState, User
from engine.questions.services import Asker, ask, complete_question_task
from engine.runtime import Runtime

DEMO_QUESTIONS = Path(__file__).parents[1] / "demo_questions.json"


def load_demo_questions(runtime: Runtime) -> int:
    """Ask the demo questions not asked yet (by title) and take each through its steps; returns how many."""
    added = 0
    for spec in json.loads(DEMO_QUESTIONS.read_text(encoding="utf-8"))["questions"]:
        with runtime.unit_of_work() as uow:
            if uow.session.scalar(select(exists().where(Question.title == spec["title"]))):
                continue
        code = ask(
            runtime,
            runtime.unit_of_work(),
            asker=Asker(**spec["asker"]),
            title=spec["title"],
            body=spec["body"],
            topic=spec["topic"],
            agency=spec["agency"],
        ).code
        for task_name, username, form in spec["steps"]:
            _complete(runtime, code, task_name, username, _dated(runtime, form))
        added += 1
    return added


def _dated(runtime: Runtime, form: dict[str, Any]) -> dict[str, Any]:
    """A promised date written "+N" is N working days from today, so the demo stays valid whenever it is loaded."""
    promised = form.get("promised_date", "")
    if not promised.startswith("+"):
        return form
    with runtime.unit_of_work() as uow:
        calendar = runtime.calendar(uow.session)
    day = calendar.local(calendar.add_working_days(runtime.clock.now(), int(promised[1:]))).date()
    return {**form, "promised_date": day.isoformat()}


def _complete(runtime: Runtime, code: str, task_name: str, username: str, form: dict[str, Any]) -> None:
    with runtime.unit_of_work() as uow:
        question = uow.session.scalar(select(Question).where(Question.code == code))
        task_id = uow.session.scalar(
            select(TaskRow.id).where(
                TaskRow.instance_id == question.instance_id,
                TaskRow.behaviour == task_name,
                TaskRow.state == TaskState.OPEN,
            )
        )
        actor_id = uow.session.scalar(select(User.id).where(User.username == username))
    complete_question_task(
        runtime,
        runtime.unit_of_work(),
        task_id=task_id,
        actor_id=actor_id,
        data=form,
        expected_version=question.version,
    )
