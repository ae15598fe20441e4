"""Dossiers: the moment each stops counting in reports, first in the report index

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

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
STILL_COUNTED = "9999-12-31 00:00:00"  # engine.models.STILL_COUNTED as both databases read the literal


def upgrade() -> None:
    # A nullable column and a plain UPDATE: on SQLite, batch mode would rebuild the table of dossiers.
    op.add_column("dossiers", sa.Column("counted_until", sa.DateTime(timezone=True), nullable=True))
    # As engine.models.dossiers.counted_until_of: when resolved, withdrawn or stopped (the earlier), else still.
    op.execute(
        f"""
        UPDATE dossiers SET counted_until = CASE
            WHEN outcome IN ('withdrawn', 'stopped') AND (resolved_at IS NULL OR updated_at < resolved_at)
                THEN updated_at
            WHEN resolved_at IS NOT NULL THEN resolved_at
            ELSE {_moment(STILL_COUNTED)}
        END
        """
    )
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.create_index("ix_dossiers_report", "dossiers", ["counted_until", *REPORT_COLUMNS], unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.create_index("ix_dossiers_report", "dossiers", list(REPORT_COLUMNS), unique=False)
    op.drop_column("dossiers", "counted_until")  # in place on SQLite 3.35+, no rebuild


def _moment(literal: str) -> str:
    """A UTC moment as each database stores one: SQLite as text with microseconds, PostgreSQL as timestamptz."""
    if op.get_bind().dialect.name == "sqlite":
        return f"'{literal}.000000'"
    return f"TIMESTAMP WITH TIME ZONE '{literal}+00'"
