"""Alembic environment: migrations run against the URL the caller configured."""

from __future__ import annotations

from alembic import context

from engine.db import make_engine
from engine.models import Base
from engine.models.base import IntEnumType, UTCDateTime


def render_item(kind: str, obj: object, autogen_context: object) -> str | bool:
    """Migrations name plain SQLAlchemy types, so they never depend on the code of a later day."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, IntEnumType):
        return "sa.SmallInteger()"
    return False


config = context.config
url = config.get_main_option("sqlalchemy.url")
engine = make_engine(url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
