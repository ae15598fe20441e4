"""Deployed BPMN definitions, workflow instances and the task projection that inboxes read."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.people import Role


class ProcessDefinition(Base):
    """A deployed BPMN file: one version of one process, immutable once deployed."""

    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("process_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    bpmn_xml: Mapped[str] = mapped_column(Text, deferred=True)  # read only when a version is first parsed
    sha256: Mapped[str] = mapped_column(String(64))
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deployed_at: Mapped[datetime]


class WorkflowInstance(Base):
    """The serialized state of one running diagram; `next_timer_at` lets the scheduler load only due ones."""

    __tablename__ = "workflow_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    process_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    state: Mapped[str] = mapped_column(Text, deferred=True)  # read only when the workflow is not cached
    serializer_version: Mapped[str] = mapped_column(String(20))
    next_timer_at: Mapped[datetime | None] = mapped_column(index=True)
    completed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]

    process_definition: Mapped[ProcessDefinition] = relationship()

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskRow(Base):
    """One user task as inboxes see it (the projection), refreshed after every engine step."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_inbox", "state", "agency_id", "role", "due_at"),
        Index("ix_tasks_claimed", "state", "claimed_by_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instances.id"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    task_guid: Mapped[str] = mapped_column(String(36), unique=True)
    task_name: Mapped[str] = mapped_column(String(120))  # the element's id in its diagram
    title: Mapped[str] = mapped_column(String(255))  # the element's name as drawn (Vietnamese)
    title_en: Mapped[str] = mapped_column(String(255), default="")
    behaviour: Mapped[str] = mapped_column(String(40), default="")
    form: Mapped[str] = mapped_column(String(120), default="")
    lane: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(text_enum(Role))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    state: Mapped[TaskState] = mapped_column(text_enum(TaskState))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
