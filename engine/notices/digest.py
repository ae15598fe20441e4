"""The leaders' morning digest: what is due today and what is overdue in their unit, one email each per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.dossiers.sla_states import running_dossiers
from engine.models import Dossier, OutboxMessage, ProcedureVersion, Role, RoleAssignment, User
from engine.people.permissions import LEADER_ROLES
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar

LISTED = 30  # dossiers listed per section; the rest are counted


def queue_morning_digests(runtime: Runtime) -> int:
    """On a working day from the digest time on, queue today's digest for every leader with something to report.

    Safe to rerun: a leader's digest of a day has one outbox key, so a restart never sends it twice.
    Returns the number queued by this run.
    """
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        calendar = runtime.calendar(uow.session)
        today = calendar.local(now).date()
        if not calendar.is_working_day(today) or calendar.local(now).time() < runtime.settings.digest_time:
            return 0
        tomorrow = datetime.combine(today + timedelta(days=1), time(), calendar.tz)
        queued = 0
        for leader in _leaders_without_digest(uow.session, today):
            in_unit = or_(*(_unit_of(a) for a in leader.roles if a.role in LEADER_ROLES))
            due_today = _dossiers(uow.session, and_(in_unit, Dossier.due_at >= now, Dossier.due_at < tomorrow))
            overdue = _dossiers(uow.session, and_(in_unit, Dossier.due_at < now))
            if not due_today and not overdue:
                continue
            uow.session.add(_digest(runtime, calendar, leader, today, now, due_today, overdue))
            queued += 1
        try:
            uow.commit()
        except IntegrityError:
            return 0  # another process queued today's digests at the same moment
    return queued


def _leaders_without_digest(session: Session, today: date) -> Sequence[User]:
    sent = select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.like(f"digest:{today.isoformat()}:%"))
    done = set(session.scalars(sent))
    leaders = session.scalars(
        select(User)
        .join(RoleAssignment)
        .where(
            RoleAssignment.role.in_(LEADER_ROLES),
            User.is_active.is_(True),
            User.email.is_not(None),
            User.email != "",
        )
        .distinct()
        .order_by(User.id)
    ).all()
    return [leader for leader in leaders if _key(today, leader) not in done]


def _unit_of(assignment: RoleAssignment) -> ColumnElement[bool]:
    """An agency leader sees what their agency resolves or received; a department leader, their department's."""
    if assignment.role == Role.AGENCY_LEADER or assignment.department_id is None:
        agency = assignment.agency_id
        return or_(Dossier.resolving_agency_id == agency, Dossier.receiving_unit_id == agency)
    return and_(Dossier.resolving_agency_id == assignment.agency_id, Dossier.department_id == assignment.department_id)


def _dossiers(session: Session, which: ColumnElement[bool]) -> Sequence[Row[Any]]:
    return session.execute(
        select(Dossier.code, ProcedureVersion.name_vi, Dossier.applicant_name, Dossier.due_at)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .where(running_dossiers(), which)
        .order_by(Dossier.due_at, Dossier.code)
    ).all()


def _key(today: date, leader: User) -> str:
    return f"digest:{today.isoformat()}:{leader.id}"


def _digest(
    runtime: Runtime,
    calendar: WorkingCalendar,
    leader: User,
    today: date,
    now: datetime,
    due_today: Sequence[Row[Any]],
    overdue: Sequence[Row[Any]],
) -> OutboxMessage:
    base = runtime.settings.public_url.rstrip("/")

    def section(title: str, rows: Sequence[Row[Any]], when: str) -> list[str]:
        lines = [f"{title} ({len(rows)}):"]
        for code, procedure, applicant, due_at in rows[:LISTED]:
            moment = calendar.local(due_at).strftime("%H:%M %d/%m/%Y")
            lines.append(f"- {code} · {procedure} · {applicant} · {when} {moment}")
            lines.append(f"  {base}/staff/dossiers/{code}")
        if len(rows) > LISTED:
            lines.append(f"- … và {len(rows) - LISTED} hồ sơ khác")
        return [*lines, ""]

    day = today.strftime("%d/%m/%Y")
    body = [
        f"Kính gửi {leader.full_name},",
        "",
        f"Tình hình hồ sơ thuộc đơn vị của ông/bà lúc {calendar.local(now).strftime('%H:%M ngày %d/%m/%Y')}:",
        "",
        *(section("Hồ sơ đến hạn hôm nay", due_today, "hạn") if due_today else []),
        *(section("Hồ sơ quá hạn", overdue, "quá hạn từ") if overdue else []),
        f"Hộp công việc: {base}/staff/tasks",
    ]
    return OutboxMessage(
        dedup_key=_key(today, leader),
        channel="email",
        recipient=leader.email or "",
        subject=f"Hồ sơ ngày {day}: {len(due_today)} đến hạn hôm nay, {len(overdue)} quá hạn",
        body="\n".join(body),
        created_at=now,
        next_attempt_at=now,
    )
