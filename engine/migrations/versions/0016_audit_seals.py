"""Audit seals: each event chained to the one before by a hash, so a changed or removed event shows

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "audit seals are append-only"


def upgrade() -> None:
    op.create_table(
        "audit_seals",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_audit_seals")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION audit_seals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$;
            CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
            FOR EACH ROW EXECUTE FUNCTION audit_seals_append_only();
            """
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_seals_no_{verb.lower()} BEFORE {verb} ON audit_seals "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )


def downgrade() -> None:
    op.drop_table("audit_seals")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_seals_append_only()")
