"""Running public questions move to another version of their diagram as dossiers do, one event each."""

from __future__ import annotations

from sqlalchemy import select

from engine.dossiers.migration import migrate_running
from engine.models import Event, QuestionStatus, WorkflowInstance
from engine.workflow.definitions import deploy
from engine.workflow.elements import decode
from tests.integration.questions.conftest import ANSWER, PUBLISH, ROUTE
from workflows import DIAGRAMS_DIR


def test_a_question_waiting_for_its_answer_moves_and_is_answered_on_the_new_version(qa):
    code = qa.ask()
    qa.complete(code, "classify_question", "bientap", **ROUTE)
    v2 = decode((DIAGRAMS_DIR / "question.bpmn").read_bytes()) + "\n<!-- version 2 -->\n"
    with qa.runtime.unit_of_work() as uow:
        assert deploy(uow.session, "question", v2, qa.clock.now()).version == 2
        uow.commit()

    migration = migrate_running(qa.runtime, process_key="question", to_version=2)

    assert (migration.moved, migration.left) == ([(code, 1)], [])
    with qa.runtime.unit_of_work() as uow:
        instance = uow.session.get(WorkflowInstance, qa.question(code).instance_id)
        assert instance.process_definition.version == 2
        moved = uow.session.scalars(select(Event).where(Event.action == "workflow_migrated")).all()
        assert [event.question_id for event in moved] == [qa.question(code).id]
    assert qa.open_tasks(code) == ["answer_question"]
    qa.complete(code, "answer_question", "chuyenvien.stp", **ANSWER)
    qa.complete(code, "review_answer", "bientap", **PUBLISH)
    assert qa.question(code).status is QuestionStatus.PUBLISHED
