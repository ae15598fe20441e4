"""The applicant's document store (kho dữ liệu điện tử): stored documents, where a dossier's file came from, and the
key that names one document across procedures

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from engine.catalog.document_keys import document_key

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_FROM_STORE = ("dossier_files", "draft_files")


def upgrade() -> None:
    op.create_table(
        "applicant_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("dossier_code", sa.String(length=40), nullable=False),
        sa.Column("issuing_agency_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_applicant_documents_owner_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["stored_files.sha256"], name=op.f("fk_applicant_documents_sha256_stored_files")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_applicant_documents_dossier_id_dossiers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["issuing_agency_id"], ["agencies.id"], name=op.f("fk_applicant_documents_issuing_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicant_documents")),
        sa.UniqueConstraint("owner_id", "key", "sha256", name=op.f("uq_applicant_documents_owner_id_key_sha256")),
    )
    op.create_index(op.f("ix_applicant_documents_owner_id"), "applicant_documents", ["owner_id"], unique=False)
    # In place, never in batch mode: rebuilding dossier_files on SQLite would cascade to the issued documents.
    connection = op.get_bind()
    for table in _FROM_STORE:
        name = f"fk_{table}_store_document_id_applicant_documents"
        if connection.dialect.name == "sqlite":  # SQLite adds a reference only with its column, in one statement
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN store_document_id INTEGER "
                f"CONSTRAINT {name} REFERENCES applicant_documents (id)"
            )
        else:
            op.add_column(table, sa.Column("store_document_id", sa.Integer(), nullable=True))
            op.create_foreign_key(name, table, "applicant_documents", ["store_document_id"], ["id"])
    op.add_column("procedure_documents", sa.Column("key", sa.Text(), nullable=False, server_default=""))
    documents = sa.table("procedure_documents", sa.column("id", sa.Integer), sa.column("name", sa.Text))
    keyed = sa.table("procedure_documents", sa.column("id", sa.Integer), sa.column("key", sa.Text))
    for row in connection.execute(sa.select(documents.c.id, documents.c.name)).all():
        connection.execute(keyed.update().where(keyed.c.id == row.id).values(key=document_key(row.name)))
    if connection.dialect.name != "sqlite":  # SQLite keeps the default: harmless, and altering it rebuilds the table
        op.alter_column("procedure_documents", "key", server_default=None)


def downgrade() -> None:
    op.drop_column("procedure_documents", "key")
    for table in _FROM_STORE:
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"fk_{table}_store_document_id_applicant_documents", table, type_="foreignkey")
        op.drop_column(table, "store_document_id")
    op.drop_index(op.f("ix_applicant_documents_owner_id"), table_name="applicant_documents")
    op.drop_table("applicant_documents")
