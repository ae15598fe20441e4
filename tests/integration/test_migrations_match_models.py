"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from engine.db import upgrade
from engine.models import Base


def test_no_difference_between_migrations_and_models(runtime):
    with runtime.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_an_up_to_date_database_changes_nothing(runtime, db_url):
    upgrade(db_url)
    upgrade(db_url)
