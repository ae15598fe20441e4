"""Moving running dossiers (and public questions and portal content items) to another version of their diagram
(`motcua procedures migrate`): one transaction and one event each; one whose current step the target version no
longer has stays where it is, with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from engine.content.step import ContentChanged, ContentStep
from engine.dossiers.step import Step
from engine.errors import N_, Conflict
from engine.models import ContentItem, Dossier, ProcessDefinition, Question, User, WorkflowInstance
from engine.questions.step import QuestionChanged, QuestionStep
from engine.runtime import Runtime
from engine.workflow.definitions import deployed, parsed
from engine.workflow.migration import VersionDiff
from engine.workflow.projection import redraw_open_rows

Subject = Dossier | Question | ContentItem
# what a diagram moves -> how its workflow instance is found, and how its step begins
SUBJECTS = {
    Dossier: (WorkflowInstance.dossier_id == Dossier.id, Step.begin),
    Question: (Question.instance_id == WorkflowInstance.id, QuestionStep.begin),
    ContentItem: (ContentItem.instance_id == WorkflowInstance.id, ContentStep.begin),
}


@dataclass(frozen=True)
class Left:
    """A dossier (question, item) that did not move, and why (Vietnamese, with its details)."""

    code: str
    from_version: int
    reason: str
    details: dict[str, object]


@dataclass
class Migration:
    to_version: int
    moved: list[tuple[str, int]] = field(default_factory=list)  # (dossier, question or item code, version it left)
    left: list[Left] = field(default_factory=list)


def migrate_running(
    runtime: Runtime, *, process_key: str, to_version: int, actor_id: int | None = None, dry_run: bool = False
) -> Migration:
    """Move every running dossier, question or item of the process that is on another version to `to_version`; with
    `dry_run`, say what would move and commit nothing."""
    with runtime.unit_of_work() as uow:
        target = deployed(uow.session, process_key, to_version)
        running = []
        for subject, (owner, _begin) in SUBJECTS.items():
            running += uow.session.execute(
                select(subject, ProcessDefinition)
                .join(WorkflowInstance, owner)
                .join(ProcessDefinition, ProcessDefinition.id == WorkflowInstance.process_definition_id)
                .where(
                    ProcessDefinition.process_key == process_key,
                    ProcessDefinition.version != to_version,
                    WorkflowInstance.completed.is_(False),
                )
                .order_by(subject.code)
            ).all()
        diffs = {source.id: VersionDiff(parsed(source), parsed(target)) for source in {row[1] for row in running}}
        moves = [(type(s), s.code, s.version, source.version, diffs[source.id]) for s, source in running]
        uow.session.expunge(target)
    migration = Migration(to_version)
    for subject, code, version, from_version, diff in moves:
        try:
            left = _migrate(runtime, subject, code, version, from_version, target, diff, actor_id, dry_run)
        except (Conflict, QuestionChanged, ContentChanged):
            left = Left(code, from_version, N_("vừa được người khác xử lý; hãy chạy lại lệnh"), {})
        if left is None:
            migration.moved.append((code, from_version))
        else:
            migration.left.append(left)
    return migration


def _migrate(
    runtime: Runtime,
    subject: type[Subject],
    code: str,
    version: int,
    from_version: int,
    target: ProcessDefinition,
    diff: VersionDiff,
    actor_id: int | None,
    dry_run: bool,
) -> Left | None:
    """One dossier, question or item in one transaction: moved and its event written, or left with why (nothing
    written)."""
    with runtime.unit_of_work() as uow:
        actor = uow.session.get(User, actor_id) if actor_id else None
        step = SUBJECTS[subject][1](runtime, uow.session, code, version, actor)
        gone = diff.gone(step.workflow)
        if gone:
            steps = ", ".join(f"«{spec.bpmn_name or spec.bpmn_id}» ({spec.bpmn_id})" for spec in gone)
            reason = N_("bước hiện tại {steps} không có trong phiên bản {version}")
            return Left(code, from_version, reason, {"steps": steps, "version": target.version})
        diff.migrate(step.workflow)
        redraw_open_rows(uow.session, step.instance, step.workflow)
        step.instance.process_definition_id = target.id
        step.finish("workflow_migrated", after={"from_version": from_version, "to_version": target.version})
        if not dry_run:
            uow.commit()
    return None
