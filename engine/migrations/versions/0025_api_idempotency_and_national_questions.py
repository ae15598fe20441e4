"""API idempotency keys; questions know their source and their national id

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_api_idempotency_keys_client_id_api_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency_keys")),
        sa.UniqueConstraint("client_id", "key", name="uq_api_idempotency_keys_client_id"),
    )
    op.create_index(op.f("ix_api_idempotency_keys_created_at"), "api_idempotency_keys", ["created_at"])
    # Plain columns and an index: no table rebuild on SQLite.
    op.add_column("questions", sa.Column("source", sa.String(length=32), nullable=False, server_default="province"))
    op.add_column("questions", sa.Column("national_id", sa.String(length=40), nullable=True))
    op.create_index("uq_questions_national_id", "questions", ["national_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_questions_national_id", table_name="questions")
    op.drop_column("questions", "national_id")
    op.drop_column("questions", "source")
    op.drop_index(op.f("ix_api_idempotency_keys_created_at"), table_name="api_idempotency_keys")
    op.drop_table("api_idempotency_keys")
