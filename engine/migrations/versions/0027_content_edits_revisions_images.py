"""Portal content: every edit kept, revisions of published items through the board, inline images on record

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

STATUSES = ("submitted", "in_approval", "sent_back", "published", "unpublished")


def upgrade() -> None:
    op.add_column("content_items", sa.Column("draft", sa.JSON(), nullable=True))
    op.add_column(
        "content_items",
        sa.Column(
            "draft_status", sa.Enum(*STATUSES, name="contentstatus", native_enum=False, length=32), nullable=True
        ),
    )
    op.create_table(
        "content_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=60), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["editor_id"], ["users.id"], name=op.f("fk_content_edits_editor_id_users")),
        sa.ForeignKeyConstraint(["item_id"], ["content_items.id"], name=op.f("fk_content_edits_item_id_content_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_edits")),
    )
    op.create_index(op.f("ix_content_edits_item_id"), "content_edits", ["item_id"], unique=False)
    op.create_table(
        "content_images",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sha256"], ["stored_files.sha256"], name=op.f("fk_content_images_sha256_stored_files")
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_content_images_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_content_images")),
    )
    op.create_index(op.f("ix_content_images_uploaded_at"), "content_images", ["uploaded_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_content_images_uploaded_at"), table_name="content_images")
    op.drop_table("content_images")
    op.drop_index(op.f("ix_content_edits_item_id"), table_name="content_edits")
    op.drop_table("content_edits")
    op.drop_column("content_items", "draft_status")
    op.drop_column("content_items", "draft")
