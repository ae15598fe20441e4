"""Resolution facts: the working days a resolved dossier used and its timeliness, filled in for those already resolved,
and the narrow index reports scan

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 23:10:00
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from sla.calendar import CalendarOverride, WorkingCalendar
from sla.deadlines import timeliness
from sla.office_hours import OfficeHours

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

BATCH = 5_000
REPORT_COLUMNS = (
    "resolving_agency_id",
    "working_days",
    "received_at",
    "resolved_at",
    "outcome",
    "updated_at",
    "due_at",
    "timeliness",
    "channel",
    "late_handover",
    "handover_due_at",
    "department_id",
    "procedure_version_id",
)
# The settings' defaults on the day of this migration (engine.settings reads the same variables).
OFFICE_HOURS = "mon-fri 07:30-11:30 13:00-17:00"
TIMEZONE = "Asia/Ho_Chi_Minh"

dossiers = sa.table(
    "dossiers",
    sa.column("id", sa.Integer()),
    sa.column("received_at", sa.DateTime(timezone=True)),
    sa.column("resolved_at", sa.DateTime(timezone=True)),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("working_days", sa.Double()),
    sa.column("timeliness", sa.String(32)),
)
pauses = sa.table(
    "dossier_pauses",
    sa.column("dossier_id", sa.Integer()),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("ended_at", sa.DateTime(timezone=True)),
)
overrides = sa.table(
    "calendar_overrides", sa.column("day", sa.Date()), sa.column("working", sa.Boolean()), sa.column("note")
)


def upgrade() -> None:
    timeliness_values = sa.Enum("early", "on_time", "late", name="timeliness", native_enum=False, length=32)
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_days", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("timeliness", timeliness_values, nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index("ix_dossiers_report", list(REPORT_COLUMNS), unique=False)


def _backfill(bind: sa.Connection) -> None:
    """Every dossier received and resolved before this migration, counted as the reports counted it that day."""
    calendar = _calendar(bind)
    standard_day = calendar.standard_day
    resolved = sa.and_(dossiers.c.received_at.is_not(None), dossiers.c.resolved_at.is_not(None))
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(dossiers.c.id, dossiers.c.received_at, dossiers.c.resolved_at, dossiers.c.due_at)
            .where(resolved, dossiers.c.id > last_id)
            .order_by(dossiers.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last_id = rows[-1].id
        paused = defaultdict(list)
        for dossier_id, started, ended in bind.execute(
            sa.select(pauses.c.dossier_id, pauses.c.started_at, pauses.c.ended_at).where(
                pauses.c.dossier_id.in_([row.id for row in rows])
            )
        ):
            paused[dossier_id].append((_aware(started), _aware(ended)))
        values = []
        for dossier_id, received, resolved_at, due in rows:
            received, resolved_at, due = _aware(received), _aware(resolved_at), _aware(due)
            spent = calendar.working_time_between(received, resolved_at, paused[dossier_id])
            met = timeliness(resolved_at, due, calendar.tz)
            values.append({"key": dossier_id, "days": spent / standard_day, "met": met.value})
        bind.execute(
            dossiers.update()
            .where(dossiers.c.id == sa.bindparam("key"))
            .values(working_days=sa.bindparam("days"), timeliness=sa.bindparam("met")),
            values,
        )


def _calendar(bind: sa.Connection) -> WorkingCalendar:
    """The calendar the application runs with: its office hours and time zone, and the administrator's overrides."""
    days = [CalendarOverride(day, bool(working), note) for day, working, note in bind.execute(sa.select(overrides))]
    return WorkingCalendar(
        OfficeHours.parse(os.environ.get("MOTCUA_OFFICE_HOURS", OFFICE_HOURS)),
        os.environ.get("MOTCUA_TIMEZONE", TIMEZONE),
        days,
    )


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives moments back naive; they are UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def downgrade() -> None:
    # Not in batch mode: SQLite (3.35+) drops a column in place, where rebuilding the table would cascade the
    # deletion of its rows to the dossiers' pauses, files and tasks.
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.drop_column("dossiers", "timeliness")
    op.drop_column("dossiers", "working_days")
