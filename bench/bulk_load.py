"""A bulk load into a throw-away benchmark database, done the way a database loads fastest.

Secondary indexes are dropped before the load and built again after it, each from the sorted rows in one pass
(maintaining a dozen B-trees row by row costs a random page write per row and index once they outgrow the cache).
A table of wide rows (workflow states) keeps its indexes: on
SQLite, building one afterwards reads every state (a million states are 17 GB) to reach the columns behind it.
SQLite writes without a journal and without syncing (a crash loses only a benchmark file); on PostgreSQL the
foreign keys of the loaded tables are dropped too and added again after the load, each checked in one join (the
table's owner may do this; skipping the checks' triggers would need a superuser).
Both analyze the tables afterwards, as a live database would have.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine

SQLITE_CACHE_KIB = 512 * 1024


@contextmanager
def bulk_load(engine: Engine, tables: Sequence[str], *, wide: Sequence[str] = ()) -> Iterator[Any]:
    """A DB-API connection to load `tables` through (commit it as you go); the secondary indexes of those not `wide`
    are dropped for the load and built again, and the database analyzed, when it ends."""
    engine.dispose()  # SQLite leaves WAL mode only for a connection alone on its file
    connection = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    try:
        cursor = connection.cursor()
        indexes = _secondary_indexes(cursor, [table for table in tables if table not in wide], sqlite)
        foreign_keys = [] if sqlite else _foreign_keys(cursor, tables)
        for table, name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if sqlite:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        else:
            cursor.execute("SET maintenance_work_mem = '256MB'")
        connection.commit()
        yield connection
        for _name, definition in indexes:
            cursor.execute(definition)
        if sqlite:
            cursor.execute("ANALYZE")
            connection.commit()
            cursor.execute("PRAGMA journal_mode=WAL")
        else:
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            connection.commit()
            for table in tables:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cursor.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()
        engine.dispose()


def _secondary_indexes(cursor: Any, tables: Sequence[str], sqlite: bool) -> list[tuple[str, str]]:
    """The name and definition of each index of the tables that no constraint (primary key, unique) owns."""
    marks = ", ".join(("?" if sqlite else "%s") for _ in tables)
    if sqlite:
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql NOT NULL AND tbl_name IN ({marks})"
    else:
        query = (
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            f"WHERE n.nspname = current_schema() AND t.relname IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )
    cursor.execute(query, tuple(tables))
    return [(name, definition) for name, definition in cursor.fetchall()]


def _foreign_keys(cursor: Any, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """The table, name and definition of each foreign key the tables hold (PostgreSQL)."""
    marks = ", ".join("%s" for _ in tables)
    cursor.execute(
        "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        f"WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname IN ({marks})",
        tuple(tables),
    )
    return [(table, name, definition) for table, name, definition in cursor.fetchall()]
