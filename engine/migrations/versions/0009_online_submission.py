"""online submission: drafts and their files, declarations, payments, ratings

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("procedure_version_id", sa.Integer(), nullable=False),
        sa.Column("receiving_unit_id", sa.Integer(), nullable=True),
        sa.Column(
            "return_method",
            sa.Enum("counter", "post", "online", name="returnmethod", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("declaration", sa.JSON(), nullable=False),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_filename", sa.String(length=255), nullable=False),
        sa.Column("signer", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["users.id"], name=op.f("fk_drafts_applicant_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["procedure_version_id"],
            ["procedure_versions.id"],
            name=op.f("fk_drafts_procedure_version_id_procedure_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["receiving_unit_id"], ["agencies.id"], name=op.f("fk_drafts_receiving_unit_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["signed_sha256"], ["stored_files.sha256"], name=op.f("fk_drafts_signed_sha256_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_applicant_id"), ["applicant_id"], unique=False)

    op.create_table(
        "dossier_declarations",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("signer", sa.String(length=255), nullable=False),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_dossier_declarations_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_sha256"], ["stored_files.sha256"], name=op.f("fk_dossier_declarations_signed_sha256_stored_files")
        ),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_dossier_declarations")),
    )
    op.create_table(
        "draft_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["procedure_documents.id"], name=op.f("fk_draft_files_document_id_procedure_documents")
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_draft_files_draft_id_drafts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sha256"], ["stored_files.sha256"], name=op.f("fk_draft_files_sha256_stored_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_files")),
    )
    with op.batch_alter_table("draft_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_files_draft_id"), ["draft_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("amount_vnd", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "channel", sa.Enum("online", "counter", name="channel", native_enum=False, length=32), nullable=False
        ),
        sa.Column(
            "state",
            sa.Enum("pending", "paid", "failed", "refunded", name="paymentstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("gateway_reference", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refunded_by_id", sa.Integer(), nullable=True),
        sa.Column("refund_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_payments_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_payments_recorded_by_id_users")),
        sa.ForeignKeyConstraint(["refunded_by_id"], ["users.id"], name=op.f("fk_payments_refunded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("reference", name=op.f("uq_payments_reference")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("total_time", sa.Integer(), nullable=False),
        sa.Column("unit_time", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("bodies", sa.Integer(), nullable=False),
        sa.Column("one_stop", sa.Integer(), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("conduct", sa.Integer(), nullable=False),
        sa.Column("feedback", sa.Integer(), nullable=False),
        sa.Column("online_progress", sa.Integer(), nullable=False),
        sa.Column(
            "ease",
            sa.Enum("very_satisfied", "satisfied", "not_satisfied", name="satisfaction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "overall",
            sa.Enum("very_satisfied", "satisfied", "not_satisfied", name="satisfaction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["users.id"], name=op.f("fk_ratings_applicant_id_users")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_ratings_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_ratings_dossier_id")),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ratings_applicant_id"), ["applicant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratings_applicant_id"))

    op.drop_table("ratings")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_dossier_id"))

    op.drop_table("payments")
    with op.batch_alter_table("draft_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_files_draft_id"))

    op.drop_table("draft_files")
    op.drop_table("dossier_declarations")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_applicant_id"))

    op.drop_table("drafts")
