"""The databases a benchmark runs on: a SQLite file, and a throw-away PostgreSQL database when a server answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """The URL of a new database (dropped afterwards), or None after saying why there is none.

    The server is MOTCUA_BENCH_PG_URL (default postgres@127.0.0.1:5432), a role that may create databases.
    """
    admin_url = make_url(os.environ.get("MOTCUA_BENCH_PG_URL", DEFAULT_PG_URL))
    name = f"motcua_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL: skipped, no server at {admin_url.render_as_string()}: {error.orig}")
        admin.dispose()
        yield None
        return
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
