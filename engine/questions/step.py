"""A question's step: one question moved through its diagram in one transaction, as a dossier's step moves it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import N_, DomainError
from engine.models import Agency, Question, Role, User
from engine.questions.effects import EFFECTS
from engine.runtime import Runtime
from engine.workflow.behaviours import task_role
from engine.workflow.projection import open_row
from engine.workflow.step import WorkflowStep, take


class QuestionChanged(DomainError):
    """Somebody else moved the question since the page was loaded; nothing was written."""

    code = "conflict"
    message = N_("Câu hỏi {question_code} vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.")


@dataclass
class QuestionStep(WorkflowStep):
    """A question being moved through its diagram."""

    question: Question

    @classmethod
    def begin(
        cls, runtime: Runtime, session: Session, question_code: str, expected_version: int, actor: User | None
    ) -> QuestionStep:
        """Take the question by compare-and-set on its version: a stale or concurrent step is refused here."""
        question = take(
            session,
            Question,
            question_code,
            expected_version,
            f"câu hỏi {question_code}",
            QuestionChanged(question_code=question_code),
        )
        return cls.opened(runtime, session, question.instance, actor, question)

    def finish(
        self, action: str, *, from_step: str = "", reason: str = "", after: dict[str, Any] | None = None
    ) -> None:
        """Run the diagram on, apply what it reached, save, refresh the projection and append the event."""
        self.finish_on(
            EFFECTS,
            self.question,
            self._row,
            action,
            from_step=from_step,
            reason=reason,
            question=self.question,
            after=after,
        )

    def _row(self, task: Any) -> dict[str, Any]:
        """The editors' tasks belong to the editorial office, the others to the agency the question was routed to."""
        agency_id = (
            editorial_office(self.session) if task_role(task.task_spec) is Role.QA_EDITOR else self.question.agency_id
        )
        return open_row(self.instance, task, agency_id, self.at, self.question.due_at)


def editorial_office(session: Session) -> int:
    """The unit of the Q&A editors (ban biên tập): the province's own committee, the root of the agency tree."""
    return session.scalar(select(Agency.id).where(Agency.parent_id.is_(None)).order_by(Agency.id).limit(1))
