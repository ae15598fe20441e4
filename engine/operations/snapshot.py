"""Backups (sao lưu): a consistent snapshot of the database and the stored files, with a manifest of hashes.

The database is copied first (SQLite's online backup API, or pg_dump), then the files. Stored files are
immutable and written before the transaction that points at them commits, so every file the snapshot
names is already on disk when the files are copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, literal, select, text
from sqlalchemy.engine import URL

from engine.models import Base

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_PARTS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES = "files"
_STORED_NAME = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds: every part's size and SHA-256, by path relative to the backup folder."""

    created_at: datetime
    database: str
    revision: str
    parts: dict[str, tuple[int, str]]

    @property
    def size(self) -> int:
        return sum(size for size, _ in self.parts.values())

    @property
    def file_count(self) -> int:
        return sum(1 for path in self.parts if path.startswith(f"{FILES}/"))

    def to_json(self) -> str:
        parts = [{"path": path, "size": size, "sha256": digest} for path, (size, digest) in sorted(self.parts.items())]
        content = {
            "format": FORMAT,
            "created_at": self.created_at.isoformat(),
            "database": self.database,
            "revision": self.revision,
            "parts": parts,
        }
        return json.dumps(content, indent=1, ensure_ascii=False) + "\n"


def write_backup(engine: Engine, files_root: Path, target: Path, at: datetime) -> Path:
    """Write a new backup folder under `target` and return it; a failed backup leaves nothing behind."""
    database = engine.dialect.name
    if database not in DATABASE_PARTS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {database}.")
    final = target / f"motcua-{at.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    partial = final.with_name(final.name + ".partial")
    if final.exists():
        raise BackupError(f"{final} already exists; a backup is never written over another.")
    try:
        partial.mkdir(parents=True)
    except OSError as error:
        raise BackupError(f"Cannot create the backup folder {partial}: {error}") from error
    try:
        _dump_database(engine, partial / DATABASE_PARTS[database])
        if files_root.is_dir():
            shutil.copytree(files_root, partial / FILES, ignore=_not_stored_files)
        parts = {str(path.relative_to(partial).as_posix()): _measure(path) for path in _files_under(partial)}
        manifest = Manifest(at, database, _revision(engine), parts)
        (partial / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def verify_backup(folder: Path) -> Manifest:
    """The backup's manifest, after checking that every part is there, unchanged, and nothing was added."""
    try:
        content = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(
            datetime.fromisoformat(content["created_at"]),
            content["database"],
            content["revision"],
            {part["path"]: (int(part["size"]), part["sha256"]) for part in content["parts"]},
        )
    except FileNotFoundError as error:
        raise BackupError(f"{folder} is not a Một Cửa backup: it has no {MANIFEST}.") from error
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {folder} is unreadable ({error}); the backup is not used.") from error
    if content.get("format") != FORMAT or manifest.database not in DATABASE_PARTS:
        raise BackupError(f"{folder} is a backup of an unknown format; it is not used.")
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


def restore_backup(engine: Engine, files_root: Path, folder: Path) -> Manifest:
    """Bring a verified backup into an installation that has no data and no files yet."""
    manifest = verify_backup(folder)
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
    """The names of our tables that hold at least one row."""
    existing = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return [
            table.name
            for table in Base.metadata.sorted_tables
            if table.name in existing and connection.execute(select(literal(1)).select_from(table).limit(1)).first()
        ]


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
