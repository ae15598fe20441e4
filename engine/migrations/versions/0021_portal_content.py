"""Portal content: items of each type, legal documents, consultations and their comments, files, published versions

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "content_type",
            sa.Enum(
                "news",
                "urgent",
                "direction",
                "introduction",
                "legal",
                "planning",
                "consultation",
                name="contenttype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "in_approval",
                "sent_back",
                "published",
                "unpublished",
                name="contentstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("title_en", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("event_on", sa.Date(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unpublished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late_flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_back_reason", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_content_items_agency_id_agencies")),
        sa.ForeignKeyConstraint(["approver_id"], ["users.id"], name=op.f("fk_content_items_approver_id_users")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_content_items_author_id_users")),
        sa.ForeignKeyConstraint(
            ["instance_id"], ["workflow_instances.id"], name=op.f("fk_content_items_instance_id_workflow_instances")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_items")),
        sa.UniqueConstraint("code", name=op.f("uq_content_items_code")),
        sa.UniqueConstraint("instance_id", name=op.f("uq_content_items_instance_id")),
    )
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_items_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index("ix_content_items_open_due", ["status", "due_at"], unique=False)
        batch_op.create_index("ix_content_items_public", ["content_type", "status", "published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_content_items_status"), ["status"], unique=False)

    op.create_table(
        "consultation_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("contact", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "published", "rejected", name="commentstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moderated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["content_items.id"], name=op.f("fk_consultation_comments_item_id_content_items")
        ),
        sa.ForeignKeyConstraint(
            ["moderated_by_id"], ["users.id"], name=op.f("fk_consultation_comments_moderated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_comments")),
    )
    with op.batch_alter_table("consultation_comments", schema=None) as batch_op:
        batch_op.create_index("ix_consultation_comments_item_status", ["item_id", "status"], unique=False)

    op.create_table(
        "consultations",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("summary_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary_by_id", sa.Integer(), nullable=True),
        sa.Column("summary_late_flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["content_items.id"], name=op.f("fk_consultations_item_id_content_items")),
        sa.ForeignKeyConstraint(["summary_by_id"], ["users.id"], name=op.f("fk_consultations_summary_by_id_users")),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_consultations")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultations_closes_at"), ["closes_at"], unique=False)

    op.create_table(
        "content_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["content_items.id"], name=op.f("fk_content_files_item_id_content_items")),
        sa.ForeignKeyConstraint(["sha256"], ["stored_files.sha256"], name=op.f("fk_content_files_sha256_stored_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_files")),
    )
    with op.batch_alter_table("content_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_files_item_id"), ["item_id"], unique=False)

    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["approver_id"], ["users.id"], name=op.f("fk_content_versions_approver_id_users")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["content_items.id"], name=op.f("fk_content_versions_item_id_content_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
        sa.UniqueConstraint("item_id", "revision", name=op.f("uq_content_versions_item_id_revision")),
    )
    with op.batch_alter_table("content_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_versions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "legal_documents",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("number_folded", sa.String(length=80), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("signer", sa.String(length=255), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column(
            "legal_status",
            sa.Enum("in_force", "amended", "repealed", name="legalstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("field", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["content_items.id"], name=op.f("fk_legal_documents_item_id_content_items")
        ),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_legal_documents")),
    )
    with op.batch_alter_table("legal_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_documents_document_type"), ["document_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_legal_documents_issued_on"), ["issued_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_legal_documents_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_legal_documents_number_folded"), ["number_folded"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("legal_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_documents_number_folded"))
        batch_op.drop_index(batch_op.f("ix_legal_documents_number"))
        batch_op.drop_index(batch_op.f("ix_legal_documents_issued_on"))
        batch_op.drop_index(batch_op.f("ix_legal_documents_document_type"))

    op.drop_table("legal_documents")
    with op.batch_alter_table("content_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_versions_item_id"))

    op.drop_table("content_versions")
    with op.batch_alter_table("content_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_files_item_id"))

    op.drop_table("content_files")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_closes_at"))

    op.drop_table("consultations")
    with op.batch_alter_table("consultation_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_comments_item_status")

    op.drop_table("consultation_comments")
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_items_status"))
        batch_op.drop_index("ix_content_items_public")
        batch_op.drop_index("ix_content_items_open_due")
        batch_op.drop_index(batch_op.f("ix_content_items_agency_id"))

    op.drop_table("content_items")
