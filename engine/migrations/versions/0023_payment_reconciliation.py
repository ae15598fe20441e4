"""Payments by bank transfer and at the post office; differences found by the daily reconciliation (đối soát)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("method", sa.String(length=32), nullable=True))
    op.add_column("payments", sa.Column("receipt_number", sa.String(length=80), nullable=True))
    op.add_column("payments", sa.Column("paid_on", sa.Date(), nullable=True))
    op.create_index("uq_payments_method_receipt", "payments", ["method", "receipt_number"], unique=True)
    op.create_table(
        "payment_differences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("gateway_transaction", sa.String(length=80), nullable=False),
        sa.Column("recorded_amount_vnd", sa.Integer(), nullable=True),
        sa.Column("gateway_amount_vnd", sa.Integer(), nullable=True),
        sa.Column("recorded_state", sa.String(length=32), nullable=False),
        sa.Column("gateway_state", sa.String(length=32), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_payment_differences_payment_id_payments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_payment_differences_resolved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_differences")),
        sa.UniqueConstraint("day", "kind", "reference", name=op.f("uq_payment_differences_day_kind_reference")),
    )
    op.create_index(op.f("ix_payment_differences_day"), "payment_differences", ["day"])


def downgrade() -> None:
    op.drop_index(op.f("ix_payment_differences_day"), table_name="payment_differences")
    op.drop_table("payment_differences")
    op.drop_index("uq_payments_method_receipt", table_name="payments")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("paid_on")
        batch.drop_column("receipt_number")
        batch.drop_column("method")
