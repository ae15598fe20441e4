"""Moving running dossiers to another version of their diagram (`motcua procedures migrate`): one transaction and one
event per dossier; a dossier whose current step the target version no longer has stays where it is, with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from engine.dossiers.step import Step
from engine.errors import N_, Conflict
from engine.models import Dossier, ProcessDefinition, User, WorkflowInstance
from engine.runtime import Runtime
from engine.workflow.definitions import deployed, parsed
from engine.workflow.migration import VersionDiff


@dataclass(frozen=True)
class Left:
    """A dossier that did not move, and why (Vietnamese, with its details)."""

    code: str
    from_version: int
    reason: str
    details: dict[str, object]


@dataclass
class Migration:
    to_version: int
    moved: list[tuple[str, int]] = field(default_factory=list)  # (dossier code, the version it left)
    left: list[Left] = field(default_factory=list)


def migrate_dossiers(
    runtime: Runtime, *, process_key: str, to_version: int, actor_id: int | None = None, dry_run: bool = False
) -> Migration:
    """Move every running dossier of the process that is on another version to `to_version`; with `dry_run`, say
    what would move and commit nothing."""
    with runtime.unit_of_work() as uow:
        target = deployed(uow.session, process_key, to_version)
        running = uow.session.execute(
            select(Dossier.code, Dossier.version, ProcessDefinition)
            .join(WorkflowInstance, WorkflowInstance.dossier_id == Dossier.id)
            .join(ProcessDefinition, ProcessDefinition.id == WorkflowInstance.process_definition_id)
            .where(
                ProcessDefinition.process_key == process_key,
                ProcessDefinition.version != to_version,
                WorkflowInstance.completed.is_(False),
            )
            .order_by(Dossier.code)
        ).all()
        diffs = {source.id: VersionDiff(parsed(source), parsed(target)) for source in {row[2] for row in running}}
        moves = [(code, version, source.version, diffs[source.id]) for code, version, source in running]
        uow.session.expunge(target)
    migration = Migration(to_version)
    for code, version, from_version, diff in moves:
        try:
            left = _migrate(runtime, code, version, from_version, target, diff, actor_id, dry_run)
        except Conflict:
            left = Left(code, from_version, N_("hồ sơ vừa được người khác xử lý; hãy chạy lại lệnh"), {})
        if left is None:
            migration.moved.append((code, from_version))
        else:
            migration.left.append(left)
    return migration


def _migrate(
    runtime: Runtime,
    code: str,
    version: int,
    from_version: int,
    target: ProcessDefinition,
    diff: VersionDiff,
    actor_id: int | None,
    dry_run: bool,
) -> Left | None:
    """One dossier in one transaction: moved and its event written, or left with why (nothing written)."""
    with runtime.unit_of_work() as uow:
        actor = uow.session.get(User, actor_id) if actor_id else None
        step = Step.begin(runtime, uow.session, code, version, actor)
        gone = diff.gone(step.workflow)
        if gone:
            steps = ", ".join(f"«{spec.bpmn_name or spec.bpmn_id}» ({spec.bpmn_id})" for spec in gone)
            reason = N_("bước hiện tại {steps} không có trong phiên bản {version}")
            return Left(code, from_version, reason, {"steps": steps, "version": target.version})
        diff.migrate(step.workflow)
        step.instance.process_definition_id = target.id
        step.finish("workflow_migrated", after={"from_version": from_version, "to_version": target.version})
        if not dry_run:
            uow.commit()
    return None
