"""Working calendar: an administrator confirms a year whose holidays were only estimated; each agency may keep its
own reception hours (giờ tiếp nhận), apart from the statutory office hours deadlines count in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_confirmations",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["users.id"], name=op.f("fk_calendar_confirmations_confirmed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_confirmations")),
    )
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.add_column(sa.Column("reception_hours", sa.String(length=255), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.drop_column("reception_hours")
    op.drop_table("calendar_confirmations")
