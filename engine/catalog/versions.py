"""Diagram versions for the administrator (quản trị quy trình): each process's deployed versions, the workflows
running on each and the procedures that use it; an uploaded diagram is checked, static and dry run, before it is
deployed, and its deployment is recorded in the event log."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.catalog.dry_run import dry_run
from engine.dossiers.migration import Migration, migrate_running
from engine.errors import N_, InvalidData
from engine.models import (
    ProcedureStatus,
    ProcedureVersion,
    ProcessDefinition,
    TaskRow,
    TaskState,
    User,
    WorkflowInstance,
)
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.uow import UnitOfWork
from engine.workflow import elements
from engine.workflow.definitions import check, deploy, newest
from engine.workflow.problems import DiagramInvalid, Problem

KEY = re.compile(r"^[a-z][a-z0-9_]{1,79}$")


@dataclass(frozen=True)
class VersionLine:
    version: int
    deployed_at: datetime
    deployed_by: str
    running: int  # workflows not completed on it


@dataclass
class ProcessLine:
    key: str
    versions: list[VersionLine] = field(default_factory=list)
    procedures: list[tuple[str, str]] = field(default_factory=list)  # (code, Vietnamese name) of procedures on it


@dataclass(frozen=True)
class Checked:
    """An uploaded diagram and what the check found; `becomes` is the version it would be deployed as, None when the
    newest version has the same content."""

    process_key: str
    text: str
    problems: list[Problem]
    becomes: int | None


def processes(session: Session) -> list[ProcessLine]:
    """Every deployed process with its versions, newest first, and the published procedures that run on it."""
    running = dict(
        session.execute(
            select(WorkflowInstance.process_definition_id, func.count())
            .where(WorkflowInstance.completed.is_(False))
            .group_by(WorkflowInstance.process_definition_id)
        ).all()
    )
    lines: dict[str, ProcessLine] = {}
    rows = session.execute(
        select(ProcessDefinition, User.full_name)
        .outerjoin(User, User.id == ProcessDefinition.deployed_by_id)
        .order_by(ProcessDefinition.process_key, ProcessDefinition.version.desc())
    )
    for definition, by in rows:
        line = lines.setdefault(definition.process_key, ProcessLine(definition.process_key))
        line.versions.append(
            VersionLine(definition.version, definition.deployed_at, by or "", running.get(definition.id, 0))
        )
    published = session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.status == ProcedureStatus.PUBLISHED)
        .order_by(ProcedureVersion.id)
    )
    for version in published:
        line = lines.get(version.process_key)
        entry = (version.procedure.code, version.name_vi)
        if line is not None and entry not in line.procedures:
            line.procedures.append(entry)
    return list(lines.values())


def open_on(session: Session, definition: ProcessDefinition) -> dict[str, int]:
    """{element id: its open tasks} over the workflows running on this version."""
    return dict(
        session.execute(
            select(TaskRow.task_name, func.count())
            .join(WorkflowInstance, WorkflowInstance.id == TaskRow.instance_id)
            .where(WorkflowInstance.process_definition_id == definition.id, TaskRow.state == TaskState.OPEN)
            .group_by(TaskRow.task_name)
        ).all()
    )


def check_upload(runtime: Runtime, *, actor_id: int, process_key: str, data: bytes) -> Checked:
    """Every problem of an uploaded diagram, the static checks then the dry run; nothing is deployed."""
    with runtime.unit_of_work() as uow:
        administrator(uow.session, actor_id, N_("triển khai sơ đồ quy trình"))
    if not KEY.match(process_key):
        raise InvalidData(
            {"process_key": N_("Mã quy trình: chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ.")}
        )
    try:
        text = elements.decode(data)
        check(process_key, text)
    except DiagramInvalid as invalid:
        return Checked(process_key, "", invalid.problems, None)
    problems = dry_run(process_key, text)
    with runtime.unit_of_work() as uow:
        latest = newest(uow.session, process_key, required=False)
    same = latest is not None and latest.sha256 == hashlib.sha256(text.encode()).hexdigest()
    becomes = None if same else (latest.version + 1 if latest else 1)
    return Checked(process_key, text, problems, becomes)


def deploy_upload(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, process_key: str, text: str) -> int:
    """Deploy a diagram the administrator checked (checked again here, statically); returns its version."""
    with uow:
        actor = administrator(uow.session, actor_id, N_("triển khai sơ đồ quy trình"))
        at = runtime.clock.now()
        definition = deploy(uow.session, process_key, text, at, actor)
        record_event(
            uow.session,
            "diagram_deployed",
            at,
            actor=actor,
            result=process_key,
            after={"process_key": process_key, "version": definition.version, "sha256": definition.sha256},
        )
        uow.commit()
        return definition.version


def migrate(runtime: Runtime, *, actor_id: int, process_key: str, to_version: int, dry_run: bool) -> Migration:
    """The administrator moves the running dossiers (questions, content items) of a process to another version."""
    with runtime.unit_of_work() as uow:
        administrator(uow.session, actor_id, N_("chuyển hồ sơ đang xử lý sang phiên bản quy trình khác"))
    return migrate_running(runtime, process_key=process_key, to_version=to_version, actor_id=actor_id, dry_run=dry_run)
