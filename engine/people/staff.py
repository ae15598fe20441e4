"""Staff accounts (tài khoản cán bộ) kept by an administrator: create, grant and revoke roles in an agency (and a
department), deactivate and reactivate, set a new password. Every change is one transaction with its event."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotFound
from engine.models import Agency, Role, RoleAssignment, User, UserKind
from engine.people.accounts import set_password
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

ACTION = N_("quản lý tài khoản cán bộ")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,59}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def create_staff(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    actor_id: int,
    username: str,
    full_name: str,
    email: str,
    phone: str,
    password: str,
) -> User:
    """A new member of staff, active, without roles yet; the administrator gives the first password."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        user = _new_staff(session, runtime.clock.now(), username, full_name, email, phone, password)
        record_event(session, "staff_created", user.created_at, actor=actor, reason=user.username)
        uow.commit()
        return user


def first_administrator(
    runtime: Runtime, uow: UnitOfWork, *, username: str, full_name: str, email: str, password: str, agency: str = ""
) -> User:
    """An administrator made from the command line (`motcua create-admin`), at the agency of that code or at the
    root of the agency tree: the way in to a new installation."""
    with uow:
        session = uow.session
        found = select(Agency).order_by(Agency.parent_id.is_not(None), Agency.id)
        unit = session.scalar(found.where(Agency.code == agency) if agency else found.limit(1))
        if unit is None:
            raise NotFound(what=N_("cơ quan"))
        user = _new_staff(session, runtime.clock.now(), username, full_name, email, "", password)
        user.roles.append(RoleAssignment(role=Role.ADMIN, agency=unit))
        record_event(session, "staff_created", user.created_at, reason=user.username, after={"role": "admin"})
        uow.commit()
        return user


def _new_staff(
    session: Session, at: datetime, username: str, full_name: str, email: str, phone: str, password: str
) -> User:
    """The account, added to the session, or InvalidData naming every field that is wrong."""
    username, full_name = nfc(username.strip()).lower(), nfc(full_name.strip())
    email, phone = email.strip().lower(), phone.strip()
    errors = {}
    if not USERNAME.fullmatch(username):
        errors["username"] = N_("Tên đăng nhập: 3 đến 60 ký tự, chữ thường không dấu, số, dấu chấm, gạch ngang.")
    elif _taken(session, username):
        errors["username"] = N_("Tên đăng nhập đã được dùng.")
    if not full_name or len(full_name) > 255:
        errors["full_name"] = N_("Họ tên: bắt buộc nhập, tối đa 255 ký tự.")
    if email and (not EMAIL.fullmatch(email) or len(email) > 255):
        errors["email"] = N_("Email không hợp lệ.")
    elif email and _taken(session, email):
        errors["email"] = N_("Email đã được dùng cho tài khoản khác.")
    if len(phone) > 32:
        errors["phone"] = N_("Số điện thoại: tối đa 32 ký tự.")
    user = User(
        username=username,
        full_name=full_name,
        email=email or None,
        phone=phone,
        kind=UserKind.STAFF,
        password_hash="",
        created_at=at,
        session_version=1,
        failed_logins=0,
    )
    try:
        set_password(user, password)
    except InvalidData as weak:
        errors["password"] = weak.errors["new_password"]
    if errors:
        raise InvalidData(errors)
    session.add(user)
    session.flush()
    return user


def grant_role(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, user_id: int, role: str, agency: str, department: str = ""
) -> RoleAssignment:
    """The member of staff takes `role` in the agency (its code), narrowed to one of its departments if given."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        user = _staff(session, user_id)
        errors = {}
        chosen_role = next((r for r in Role if r.value == role), None)
        if chosen_role is None:
            errors["role"] = N_("Vai trò: chọn một vai trò trong danh sách.")
        unit = session.scalar(select(Agency).where(Agency.code == agency))
        if unit is None:
            errors["agency"] = N_("Cơ quan: chọn một cơ quan trong danh sách.")
        part = None
        if department and unit is not None:
            part = next((d for d in unit.departments if d.code == department), None)
            if part is None:
                errors["department"] = N_("Phòng ban: không thuộc cơ quan đã chọn.")
        if not errors and any(
            (a.role, a.agency_id, a.department_id) == (chosen_role, unit.id, part.id if part else None)
            for a in user.roles
        ):
            errors["role"] = N_("Cán bộ đã có vai trò này tại đơn vị này.")
        if errors:
            raise InvalidData(errors)
        assignment = RoleAssignment(role=chosen_role, agency=unit, department=part)
        user.roles.append(assignment)
        at = runtime.clock.now()
        record_event(
            session,
            "role_granted",
            at,
            actor=actor,
            reason=user.username,
            after={"role": role, "agency": agency, "department": department},
        )
        uow.commit()
        return assignment


def revoke_role(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, assignment_id: int) -> None:
    """Take one role back; the last administrator role of an active account is never taken back."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        assignment = session.get(RoleAssignment, assignment_id)
        if assignment is None:
            raise NotFound(what=N_("vai trò"))
        if assignment.role is Role.ADMIN and not _other_admin_roles(session, assignment):
            raise InvalidData({"role": N_("Không thể bỏ vai trò quản trị cuối cùng của hệ thống.")})
        user = assignment.user
        before = {"role": assignment.role.value, "agency": assignment.agency.code}
        user.roles.remove(assignment)
        record_event(session, "role_revoked", runtime.clock.now(), actor=actor, reason=user.username, before=before)
        uow.commit()


def set_active(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, user_id: int, active: bool) -> None:
    """Deactivate (every session of the account ends at once) or reactivate an account; never one's own."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        user = _staff(session, user_id)
        if user.id == actor.id:
            raise InvalidData({"active": N_("Không thể tự khóa tài khoản của chính mình.")})
        if user.is_active != active:
            user.is_active = active
            user.session_version += 1
            action = "staff_reactivated" if active else "staff_deactivated"
            record_event(session, action, runtime.clock.now(), actor=actor, reason=user.username)
        uow.commit()


def reset_password(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, user_id: int, password: str) -> None:
    """A new password given by the administrator; the account's sessions end."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        user = _staff(session, user_id)
        try:
            set_password(user, password)
        except InvalidData as weak:
            raise InvalidData({"password": weak.errors["new_password"]}) from None
        record_event(session, "staff_password_reset", runtime.clock.now(), actor=actor, reason=user.username)
        uow.commit()


def _staff(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.kind is not UserKind.STAFF:
        raise NotFound(what=N_("cán bộ"))
    return user


def _taken(session: Session, login: str) -> bool:
    """Someone already signs in with this text, as username or as email."""
    match = or_(func.lower(User.username) == login, func.lower(User.email) == login)
    return session.scalar(select(User.id).where(match).limit(1)) is not None


def _other_admin_roles(session: Session, assignment: RoleAssignment) -> int:
    """Administrator roles of active accounts besides this one."""
    return session.scalar(
        select(func.count())
        .select_from(RoleAssignment)
        .join(User, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.ADMIN, User.is_active, RoleAssignment.id != assignment.id)
    )
