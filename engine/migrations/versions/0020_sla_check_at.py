"""The SLA pass's next-change moment per dossier, indexed, so a pass reads only the dossiers it has to

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 23:10:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in batch mode, either way: rebuilding the table on SQLite would cascade the deletion of its rows to the
    # dossiers' pauses, files and tasks; SQLite adds and (3.35+) drops a column in place.
    op.add_column("dossiers", sa.Column("sla_check_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_dossiers_sla_check_at", "dossiers", ["sla_check_at"], unique=False)
    # Every dossier with a deadline is looked at once by the next pass, which then keeps the moment itself.
    dossiers = sa.table(
        "dossiers",
        sa.column("sla_check_at", sa.DateTime(timezone=True)),
        sa.column("due_at", sa.DateTime(timezone=True)),
        sa.column("handover_due_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        dossiers.update()
        .where(sa.or_(dossiers.c.due_at.is_not(None), dossiers.c.handover_due_at.is_not(None)))
        .values(sla_check_at=datetime(1970, 1, 1, tzinfo=UTC))
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_sla_check_at", table_name="dossiers")
    op.drop_column("dossiers", "sla_check_at")
