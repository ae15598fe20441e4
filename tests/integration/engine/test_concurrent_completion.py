"""Of two clerks completing the same task at once, exactly one wins; the other gets a clear conflict."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from engine.dossiers.tasks import complete_task
from engine.errors import Conflict, StepNotAvailable
from engine.models import Event


def _race(desk, code: str) -> list[object]:
    task = desk.task(code, "check_completeness")
    version = desk.dossier(code).version
    clerk = desk.user_id("motcua.anhoa")
    barrier, outcomes = threading.Barrier(2), []

    def attempt() -> None:
        barrier.wait()
        try:
            outcomes.append(
                complete_task(
                    desk.runtime,
                    desk.runtime.unit_of_work(),
                    task_id=task.id,
                    actor_id=clerk,
                    data={"decision": "complete"},
                    expected_version=version,
                )
            )
        except (Conflict, StepNotAvailable) as refused:
            outcomes.append(refused)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_exactly_one_of_two_wins_every_time(desk, db_url):
    rounds = 100 if db_url.startswith("postgresql") else 10  # SQLite serialises writers; the race is PostgreSQL's
    for _ in range(rounds):
        code = desk.submit()
        outcomes = _race(desk, code)
        assert sum(isinstance(o, Conflict | StepNotAvailable) for o in outcomes) == 1, outcomes
    with desk.runtime.unit_of_work() as uow:
        received = uow.session.scalar(select(func.count()).where(Event.action == "dossier_received"))
    assert received == rounds
