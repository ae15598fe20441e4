"""Catalog data in English: sectors, departments, documents, fees and time conditions beside the Vietnamese

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 23:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = {
    "procedure_versions": (("sector_en", sa.String(length=255)),),
    "procedure_times": (("condition_en", sa.Text()),),
    "procedure_documents": (("name_en", sa.Text()), ("form_en", sa.String(length=255)), ("note_en", sa.Text())),
    "procedure_fees": (("name_en", sa.Text()), ("note_en", sa.Text())),
    "departments": (("name_en", sa.String(length=255)),),
}


def upgrade() -> None:
    # Plain ALTER TABLE, never SQLite's copy of a table: dropping the old procedure_versions would cascade to the rows
    # of its documents, fees and times. The empty server default stays, as a default the database knows.
    for table, columns in COLUMNS.items():
        for name, kind in columns:
            op.add_column(table, sa.Column(name, kind, nullable=False, server_default=""))
    _copy_english_of_published_versions()


def _copy_english_of_published_versions() -> None:
    """Versions published before keep their English in the `english` document: copy it item by item."""
    bind = op.get_bind()
    versions = sa.table("procedure_versions", sa.column("id"), sa.column("english", sa.JSON()))
    times = sa.table("procedure_times", sa.column("id"), sa.column("procedure_version_id"), sa.column("condition_en"))
    documents = sa.table(
        "procedure_documents",
        sa.column("id"),
        sa.column("procedure_version_id"),
        sa.column("position"),
        sa.column("name_en"),
        sa.column("form_en"),
        sa.column("note_en"),
    )
    fees = sa.table(
        "procedure_fees", sa.column("id"), sa.column("procedure_version_id"), sa.column("name_en"), sa.column("note_en")
    )
    for version_id, english in bind.execute(sa.select(versions.c.id, versions.c.english)).all():
        if not english:
            continue
        owned = (times, times.c.id), (documents, documents.c.position), (fees, fees.c.id)
        rows = {
            table.name: bind.execute(
                sa.select(table.c.id).where(table.c.procedure_version_id == version_id).order_by(order)
            )
            .scalars()
            .all()
            for table, order in owned
        }
        for row_id, condition in zip(rows["procedure_times"], english.get("time_conditions", []), strict=False):
            bind.execute(times.update().where(times.c.id == row_id).values(condition_en=condition))
        for row_id, item in zip(rows["procedure_documents"], english.get("documents", []), strict=False):
            values = {key: item.get(key.removesuffix("_en"), "") for key in ("name_en", "form_en", "note_en")}
            bind.execute(documents.update().where(documents.c.id == row_id).values(**values))
        for row_id, item in zip(rows["procedure_fees"], english.get("fees", []), strict=False):
            values = {key: item.get(key.removesuffix("_en"), "") for key in ("name_en", "note_en")}
            bind.execute(fees.update().where(fees.c.id == row_id).values(**values))


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for name, _kind in columns:
            op.drop_column(table, name)
