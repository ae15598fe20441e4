"""Who may take which step: the task's role in its agency (and department), or the dossier's own applicant."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, joinedload, lazyload

from engine.errors import NotAllowed
from engine.models import Dossier, Role, RoleAssignment, TaskRow, User, UserKind

LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER)


ROLE_IDS = joinedload(User.roles).options(lazyload(RoleAssignment.agency), lazyload(RoleAssignment.department))
"""A user's roles joined in, without their agencies and departments: enough for the checks below, which compare ids."""


def with_role_ids(session: Session, user_id: int) -> User | None:
    """The user and their roles in one statement (`ROLE_IDS`; the inbox reads it on every page)."""
    return session.scalar(select(User).where(User.id == user_id).options(ROLE_IDS))


def may_work(user: User, task: TaskRow) -> bool:
    """The user holds the task's role in the task's agency, and in the task's department when it has one."""
    return user.is_active and any(
        assignment.role == task.role and assignment.agency_id == task.agency_id and _covers(assignment, task)
        for assignment in user.roles
    )


def may_lead(user: User, task: TaskRow) -> bool:
    """A leader of the task's agency (any department) or of its department may hand it to someone else."""
    return user.is_active and any(
        assignment.role in LEADER_ROLES and assignment.agency_id == task.agency_id and _covers(assignment, task)
        for assignment in user.roles
    )


def _covers(assignment: RoleAssignment, task: TaskRow) -> bool:
    """A task of the whole agency fits anyone there; a department's task fits that department or the whole agency."""
    return task.department_id is None or assignment.department_id in (None, task.department_id)


def require_task_worker(user: User, task: TaskRow) -> None:
    if not may_work(user, task):
        raise NotAllowed(action=f"xử lý bước «{task.title}» của hồ sơ này")
    if task.claimed_by_id not in (None, user.id):
        raise NotAllowed(action=f"xử lý bước «{task.title}»: bước này đang do cán bộ khác nhận xử lý")


def require_applicant(user: User, dossier: Dossier, action: str) -> None:
    if user.kind is not UserKind.APPLICANT or dossier.applicant_id != user.id:
        raise NotAllowed(action=action)


def require_role(user: User, roles: tuple[Role, ...], agency_id: int, action: str) -> None:
    if not user.is_active or not any(a.role in roles and a.agency_id == agency_id for a in user.roles):
        raise NotAllowed(action=action)


def may_see_dossier(session: Session, user: User, dossier: Dossier) -> bool:
    """Its applicant, a supervisor, or staff of the receiving unit, the resolving agency or an agency given a task."""
    if not user.is_active:
        return False
    if user.kind is UserKind.APPLICANT:
        return dossier.applicant_id == user.id
    agencies = {a.agency_id for a in user.roles if a.role not in (Role.QA_EDITOR, Role.ADMIN)}
    if any(a.role is Role.SUPERVISOR for a in user.roles):
        return True
    if agencies & {dossier.receiving_unit_id, dossier.resolving_agency_id}:
        return True
    return bool(
        agencies
        and session.scalar(select(exists().where(TaskRow.dossier_id == dossier.id, TaskRow.agency_id.in_(agencies))))
    )


def administrator(session: Session, actor_id: int, action: str) -> User:
    """The acting administrator (quản trị hệ thống), active; anyone else is refused `action`."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active or not any(a.role is Role.ADMIN for a in actor.roles):
        raise NotAllowed(action=action)
    return actor


def procedure_editor(session: Session, actor_id: int, agency_id: int | None, action: str) -> User:
    """The acting administrator, or procedure manager (quản lý thủ tục) of `agency_id`, the handling agency of the
    procedure; commune procedures (no handling agency) are the administrators' alone."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active or not may_edit_procedures_of(actor, agency_id):
        raise NotAllowed(action=action)
    return actor


def may_edit_procedures_of(user: User, agency_id: int | None) -> bool:
    return any(
        a.role is Role.ADMIN
        or (a.role is Role.PROCEDURE_MANAGER and agency_id is not None and a.agency_id == agency_id)
        for a in user.roles
    )
