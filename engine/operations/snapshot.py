"""Backups (sao lưu): a consistent snapshot of the database and the stored files, with a manifest of hashes.

The database is copied first (SQLite's online backup API, or pg_dump), then the files. Stored files are
immutable and written before the transaction that points at them commits, so every file the snapshot
names is already on disk when the files are copied. One backup at a time writes into a folder (it locks the
folder); it first removes what a backup killed half-way left there.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, literal, select, text
from sqlalchemy.engine import URL

from engine.models import Base
from engine.operations.manifest import FILES, MANIFEST, BackupError, Manifest, read_manifest

__all__ = ["MANIFEST", "BackupError", "Manifest", "restore_backup", "verify_backup", "write_backup"]

log = logging.getLogger(__name__)

DATABASE_PARTS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SEEDED = frozenset({"question_topics"})
"""Tables `motcua init-db` fills (engine.questions.topics.seed_topics): a restore replaces their rows."""
_STORED_NAME = re.compile(r"[0-9a-f]{64}")


def write_backup(engine: Engine, files_root: Path, target: Path, at: datetime, key: str) -> Path:
    """Write a new backup folder under `target`, its manifest signed with `key`, and return it; a failed backup
    (a full disk, a killed dump) leaves nothing behind, and any failure is a BackupError that says why."""
    database = engine.dialect.name
    if database not in DATABASE_PARTS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {database}.")
    final = target / f"motcua-{at.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    partial = final.with_name(final.name + ".partial")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot create the backup folder {target}: {error}") from error
    with _only_backup_in(target):
        _remove_leftovers(target)
        if final.exists():
            raise BackupError(f"{final} already exists; a backup is never written over another.")
        try:
            partial.mkdir()
            _dump_database(engine, partial / DATABASE_PARTS[database])
            if files_root.is_dir():
                shutil.copytree(files_root, partial / FILES, ignore=_not_stored_files)
            parts = {str(path.relative_to(partial).as_posix()): _measure(path) for path in _files_under(partial)}
            manifest = Manifest(at, database, _revision(engine), parts)
            (partial / MANIFEST).write_text(manifest.signed_json(key), encoding="utf-8")
            partial.rename(final)
        except BaseException as error:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(error, OSError | sqlite3.Error):
                raise BackupError(f"Writing the backup into {target} failed: {_reason(error)}") from error
            raise
    return final


@contextmanager
def _only_backup_in(target: Path) -> Iterator[None]:
    """Lock the backup folder itself (flock on the folder), so that two backups (the weekly one and a manual one)
    never meet; the lock goes with the process, however it ends."""
    try:
        folder = os.open(target, os.O_RDONLY)
    except OSError as error:
        raise BackupError(f"Cannot open the backup folder {target}: {error}") from error
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BackupError(f"Another backup is being written into {target}; try again when it is done.") from None
        yield
    finally:
        os.close(folder)


def _remove_leftovers(target: Path) -> None:
    """Remove the `.partial` folders of backups killed half-way (no backup is running: the lock is held)."""
    for leftover in sorted(target.glob("motcua-*.partial")):
        shutil.rmtree(leftover, ignore_errors=True)
        log.warning("removed %s, left by a backup that was interrupted", leftover)


def _reason(error: OSError | sqlite3.Error) -> str:
    """What went wrong, in one line: copytree gathers one error per file; the first says it."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        errors = error.args[0]
        return str(errors[0][2]) + (f" (and {len(errors) - 1} more files)" if len(errors) > 1 else "")
    return str(error)


def verify_backup(folder: Path, key: str) -> Manifest:
    """The backup's manifest, after checking its signature and that every part is there, unchanged, and nothing
    was added."""
    manifest = read_manifest(folder, key)
    if manifest.database not in DATABASE_PARTS:
        raise BackupError(f"{folder} is a backup of an unknown database ({manifest.database}); it is not used.")
    present = {str(path.relative_to(folder).as_posix()) for path in _files_under(folder)} - {MANIFEST}
    missing = sorted(set(manifest.parts) - present)
    added = sorted(present - set(manifest.parts))
    changed = sorted(path for path in set(manifest.parts) & present if _measure(folder / path) != manifest.parts[path])
    if DATABASE_PARTS[manifest.database] not in manifest.parts:
        missing.append(DATABASE_PARTS[manifest.database])
    if missing or added or changed:
        problems = [
            f"{label}: {', '.join(paths[:5])}{' …' if len(paths) > 5 else ''}"
            for label, paths in (("missing", missing), ("changed", changed), ("not in the manifest", added))
            if paths
        ]
        raise BackupError(f"The backup {folder} does not match its manifest ({'; '.join(problems)}); it is not used.")
    return manifest


def restore_backup(engine: Engine, files_root: Path, folder: Path, key: str) -> Manifest:
    """Bring a verified backup into an installation that has no data and no files yet (a database just made by
    `motcua init-db` is fine: its seeded rows are replaced by the backup's)."""
    manifest = verify_backup(folder, key)
    if manifest.database != engine.dialect.name:
        raise BackupError(
            f"This backup holds a {manifest.database} database; this installation uses {engine.dialect.name}."
        )
    _require_empty(engine, files_root)
    engine.dispose()
    part = folder / DATABASE_PARTS[manifest.database]
    if manifest.database == "sqlite":
        _restore_sqlite(part, _sqlite_path(engine.url))
    else:
        _drop_tables(engine)  # an init-db schema may be newer than the backup's: the upgrade after restore makes it
        _run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
              "--no-privileges", "--dbname", engine.url.database or "", str(part)], engine.url)  # fmt: skip
    if (folder / FILES).is_dir():
        shutil.copytree(folder / FILES, files_root, dirs_exist_ok=True)
    return manifest


def _require_empty(engine: Engine, files_root: Path) -> None:
    filled = [] if engine.dialect.name == "sqlite" and not _sqlite_path(engine.url).exists() else _filled(engine)
    has_files = files_root.is_dir() and any(True for _ in _files_under(files_root))
    if filled or has_files:
        what = f"tables with data: {', '.join(filled[:5])}" if filled else f"stored files in {files_root}"
        raise BackupError(
            f"This installation is not empty ({what}). Restore only into a new installation "
            "with an empty database and no stored files."
        )


def _filled(engine: Engine) -> list[str]:
    """The names of our tables that hold at least one row, besides the rows `motcua init-db` seeds."""
    existing = set(inspect(engine).get_table_names()) - SEEDED
    with engine.connect() as connection:
        return [
            table.name
            for table in Base.metadata.sorted_tables
            if table.name in existing and connection.execute(select(literal(1)).select_from(table).limit(1)).first()
        ]


def _drop_tables(engine: Engine) -> None:
    """Drop our (empty or seeded) tables and the migration mark, in one transaction, before pg_restore."""
    ours = {table.name for table in Base.metadata.sorted_tables} | {"alembic_version"}
    present = sorted(ours & set(inspect(engine).get_table_names()))
    if present:
        names = ", ".join(f'"{name}"' for name in present)
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE {names} CASCADE"))
    engine.dispose()


def _dump_database(engine: Engine, target: Path) -> None:
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine.url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], engine.url)


def _restore_sqlite(part: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{part}?mode=ro", uri=True)
    database = sqlite3.connect(target)
    try:
        source.backup(database)
        database.execute("PRAGMA journal_mode=WAL")
    finally:
        database.close()
        source.close()


def _run(command: list[str], url: URL) -> None:
    """Run a PostgreSQL client tool against the database of `url` (connection given through libpq's variables)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: run scripts/system-packages.sh (package postgresql-client).")
    given = {"PGDATABASE": url.database, "PGUSER": url.username, "PGPASSWORD": url.password, "PGHOST": url.host}
    env = dict(os.environ, **{name: value for name, value in given.items() if value})
    if url.port:
        env["PGPORT"] = str(url.port)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version")) or ""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def _not_stored_files(folder: str, names: list[str]) -> set[str]:
    """What the file store's folders hold besides blobs: half-written temporary files."""
    return {name for name in names if not (Path(folder, name).is_dir() or _STORED_NAME.fullmatch(name))}


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _measure(path: Path) -> tuple[int, str]:
    with path.open("rb") as content:
        return path.stat().st_size, hashlib.file_digest(content, "sha256").hexdigest()
