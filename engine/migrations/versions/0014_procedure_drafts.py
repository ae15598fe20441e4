"""Procedures edited in the browser: one open draft per procedure, published as its next version; the procedure
manager's role needs no column (roles are stored as their names)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "procedure_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_procedure_drafts_procedure_id_procedures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["saved_by_id"], ["users.id"], name=op.f("fk_procedure_drafts_saved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_drafts")),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_procedure_drafts_procedure_id")),
    )


def downgrade() -> None:
    op.drop_table("procedure_drafts")
