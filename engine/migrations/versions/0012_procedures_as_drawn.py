"""Procedures as drawn: a task row keeps its element's behaviour, form and English name; a procedure version may
pin its diagram version; events name steps by element ids of any length

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Rows written before diagrams named their behaviours all came from the shipped diagrams, whose user task ids were
# their behaviours and their forms.
_SHIPPED_TASKS = (
    "check_completeness",
    "hand_over",
    "review",
    "department_approval",
    "sign",
    "return_result",
    "approve_supplement",
    "approve_refusal",
    "approve_apology",
    "approve_stop",
    "contribute",
    "integrate",
    "classify_question",
    "answer_question",
    "review_answer",
)


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("title_en", sa.String(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("behaviour", sa.String(length=40), nullable=False, server_default=""))
        batch.add_column(sa.Column("form", sa.String(length=120), nullable=False, server_default=""))
    tasks = sa.table(
        "tasks", sa.column("task_name", sa.String), sa.column("behaviour", sa.String), sa.column("form", sa.String)
    )
    op.execute(
        tasks.update()
        .where(tasks.c.task_name.in_(_SHIPPED_TASKS))
        .values(behaviour=tasks.c.task_name, form=tasks.c.task_name)
    )
    with op.batch_alter_table("tasks") as batch:
        for column in ("title_en", "behaviour", "form"):
            batch.alter_column(column, server_default=None)
    with op.batch_alter_table("procedure_versions") as batch:
        batch.add_column(sa.Column("process_version", sa.Integer(), nullable=True))
    _step_columns(sa.Text(), sa.String(length=120))


def _step_columns(new: sa.types.TypeEngine, old: sa.types.TypeEngine) -> None:
    """SQLite copies the events table to change a column's type, which loses its append-only triggers: they are
    made again on the copy."""
    with op.batch_alter_table("events") as batch:
        for column in ("from_step", "to_step"):
            batch.alter_column(column, type_=new, existing_type=old, existing_nullable=False)
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
            )


def downgrade() -> None:
    _step_columns(sa.String(length=120), sa.Text())
    with op.batch_alter_table("procedure_versions") as batch:
        batch.drop_column("process_version")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("form")
        batch.drop_column("behaviour")
        batch.drop_column("title_en")
