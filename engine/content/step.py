"""An item's step: one item moved through the editorial board's diagram in one transaction, as a question is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from engine.content.effects import EFFECTS
from engine.errors import N_, DomainError
from engine.models import ContentItem, Role, User
from engine.questions.step import editorial_office
from engine.runtime import Runtime
from engine.workflow.behaviours import task_role
from engine.workflow.projection import open_row
from engine.workflow.step import WorkflowStep, take


class ContentChanged(DomainError):
    """Somebody else moved the item since the page was loaded; nothing was written."""

    code = "conflict"
    message = N_("Tin bài {item_code} vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.")


@dataclass
class ContentStep(WorkflowStep):
    """An item being moved through the editorial board's diagram."""

    item: ContentItem

    @classmethod
    def begin(
        cls, runtime: Runtime, session: Session, item_code: str, expected_version: int, actor: User | None
    ) -> ContentStep:
        """Take the item by compare-and-set on its version: a stale or concurrent step is refused here."""
        item = take(
            session,
            ContentItem,
            item_code,
            expected_version,
            f"tin bài {item_code}",
            ContentChanged(item_code=item_code),
        )
        return cls.opened(runtime, session, item.instance, actor, item)

    def finish(
        self, action: str, *, from_step: str = "", reason: str = "", after: dict[str, Any] | None = None
    ) -> None:
        """Run the diagram on, apply what it reached, save, refresh the projection and append the event."""
        after = {"content_item": self.item.code, **(after or {})}
        self.finish_on(EFFECTS, self.item, self._row, action, from_step=from_step, reason=reason, after=after)

    def _row(self, task: Any) -> dict[str, Any]:
        """The contributor's task belongs to the item's agency; the board's to the editorial office. A revision of a
        published item has no publishing deadline."""
        role = task_role(task.task_spec)
        agency_id = self.item.agency_id if role is Role.CONTENT_CONTRIBUTOR else editorial_office(self.session)
        due = self.item.due_at if self.item.draft is None else None
        return open_row(self.instance, task, agency_id, self.at, due)
