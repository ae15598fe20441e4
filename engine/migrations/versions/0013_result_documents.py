"""Result documents and a real catalog: a procedure names its result, its online guide and where each value comes
from; a document says how it is provided; agencies have their symbol; the register of outgoing documents numbers
what leaders sign; the result preview a sign task shows is kept to be signed as it was shown

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The free-text `copies` of earlier catalog files, as the kind it named.
_KINDS = (("Bản chính%", "original"), ("Bản sao%", "copy"), ("Xuất trình%", "present"))


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("symbol", sa.String(length=20), nullable=False, server_default=""))
    with op.batch_alter_table("procedure_versions") as batch:
        for column, empty in (("result", "{}"), ("guide", "[]"), ("provenance", "{}"), ("entry", "{}")):
            batch.add_column(sa.Column(column, sa.JSON(), nullable=False, server_default=empty))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("result_draft", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("procedure_documents") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("count", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("blank", sa.String(length=80), nullable=False, server_default=""))
    documents = sa.table("procedure_documents", sa.column("copies", sa.String), sa.column("kind", sa.String))
    for pattern, kind in _KINDS:
        op.execute(documents.update().where(documents.c.copies.like(pattern)).values(kind=kind))
    with op.batch_alter_table("procedure_documents") as batch:
        batch.drop_column("copies")
    for table, columns in (
        ("agencies", ("symbol",)),
        ("procedure_versions", ("result", "guide", "provenance", "entry")),
        ("procedure_documents", ("count", "blank")),
        ("dossiers", ("result_draft",)),
    ):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, server_default=None)
    op.create_table(
        "register_counters",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_register_counters_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", "year", name=op.f("pk_register_counters")),
    )
    op.create_table(
        "outgoing_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("issued_document_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_outgoing_documents_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_outgoing_documents_dossier_id_dossiers"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_outgoing_documents_issued_document_id_issued_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["signer_id"], ["users.id"], name=op.f("fk_outgoing_documents_signer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_documents")),
        sa.UniqueConstraint("agency_id", "year", "number", name=op.f("uq_outgoing_documents_agency_id_year_number")),
    )
    op.create_index(op.f("ix_outgoing_documents_dossier_id"), "outgoing_documents", ["dossier_id"], unique=False)
    op.create_table(
        "result_previews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_result_previews_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_result_previews_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["stored_files.sha256"], name=op.f("fk_result_previews_sha256_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_previews")),
        sa.UniqueConstraint("task_id", name=op.f("uq_result_previews_task_id")),
    )
    op.create_index(op.f("ix_result_previews_dossier_id"), "result_previews", ["dossier_id"], unique=False)


def downgrade() -> None:
    op.drop_table("result_previews")
    op.drop_table("outgoing_documents")
    op.drop_table("register_counters")
    with op.batch_alter_table("procedure_documents") as batch:
        batch.add_column(sa.Column("copies", sa.String(length=120), nullable=False, server_default=""))
    documents = sa.table("procedure_documents", sa.column("copies", sa.String), sa.column("kind", sa.String))
    for copies, kind in (("Bản chính", "original"), ("Bản sao", "copy"), ("Xuất trình", "present")):
        op.execute(documents.update().where(documents.c.kind == kind).values(copies=copies))
    with op.batch_alter_table("procedure_documents") as batch:
        batch.alter_column("copies", server_default=None)
        for column in ("blank", "count", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("result_draft")
    with op.batch_alter_table("procedure_versions") as batch:
        for column in ("entry", "provenance", "guide", "result"):
            batch.drop_column(column)
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("symbol")
