"""applicant accounts: the language of an applicant's notices; accounts from before email verification count as
verified; the English version of a procedure

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="vi"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("language", existing_type=sa.String(length=8), server_default=None)
    with op.batch_alter_table("procedure_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("english", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    with op.batch_alter_table("procedure_versions", schema=None) as batch_op:
        batch_op.alter_column("english", existing_type=sa.JSON(), server_default=None)
    op.execute("UPDATE users SET email_verified_at = created_at WHERE kind = 'applicant' AND email_verified_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("procedure_versions", schema=None) as batch_op:
        batch_op.drop_column("english")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
