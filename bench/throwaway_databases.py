"""The databases a benchmark runs on: a SQLite file, and a throw-away PostgreSQL database when a server answers.

PostgreSQL databases are named MOTCUA_BENCH_DB_PREFIX (default motcua_bench_), then the process id of the run that
made them, so that parallel runs and leftovers can be told apart; a database with the prefix whose process has gone
(a killed run) is dropped when the next run starts.
With MOTCUA_BENCH_KEEP=1, a benchmark that names its databases (`kept`) keeps them between runs instead: the SQLite
file in the temporary folder and the PostgreSQL database both named by the prefix, then `keep_` and that name; a
later run finds them and measures again without generating (drop them by hand when done).
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_PREFIX = "motcua_bench_"


def database_prefix() -> str:
    """MOTCUA_BENCH_DB_PREFIX, refused unless it is a plain lower-case identifier."""
    prefix = os.environ.get("MOTCUA_BENCH_DB_PREFIX", DEFAULT_PREFIX)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,39}", prefix):
        raise SystemExit(f"MOTCUA_BENCH_DB_PREFIX {prefix!r}: use lower-case letters, digits and _ (at most 40)")
    return prefix


def admin_url() -> URL:
    """MOTCUA_BENCH_PG_URL: a server and a role that may create databases."""
    return make_url(os.environ.get("MOTCUA_BENCH_PG_URL", DEFAULT_PG_URL))


def keeping() -> bool:
    """Whether MOTCUA_BENCH_KEEP asks to keep named databases between runs."""
    return os.environ.get("MOTCUA_BENCH_KEEP", "") not in ("", "0")


@contextmanager
def sqlite_database(name: str = "bench", *, kept: str | None = None) -> Iterator[str]:
    """The URL of a SQLite file in a temporary folder, removed afterwards; with `kept` while keeping, a file of that
    name that stays."""
    if kept is not None and keeping():
        yield f"sqlite:///{Path(tempfile.gettempdir()) / f'{database_prefix()}keep_{kept}.sqlite3'}"
        return
    with tempfile.TemporaryDirectory(prefix=database_prefix()) as folder:
        yield f"sqlite:///{folder}/{name}.sqlite3"


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process
    return True


def leftovers(names: list[str], prefix: str, alive: Callable[[int], bool] = _process_exists) -> list[str]:
    """The names made by this prefix's runs whose process no longer exists."""
    pattern = re.compile(re.escape(prefix) + r"p(\d+)_[0-9a-f]{8}")
    return [name for name in names if (found := pattern.fullmatch(name)) and not alive(int(found.group(1)))]


@contextmanager
def postgres_database(*, kept: str | None = None) -> Iterator[str | None]:
    """The URL of a new database (dropped afterwards), or None after saying why there is none; with `kept` while
    keeping, a database of that name, made if missing, that stays."""
    url, prefix = admin_url(), database_prefix()
    keep = kept is not None and keeping()
    name = f"{prefix}keep_{kept}" if keep else f"{prefix}p{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            existing = connection.scalars(
                sa.text("SELECT datname FROM pg_database WHERE left(datname, :n) = :prefix"),
                {"n": len(prefix), "prefix": prefix},
            ).all()
            for old in leftovers(list(existing), prefix):
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)'))
                print(f"PostgreSQL: dropped {old}, left by a run that stopped")
            found = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not found:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL: skipped, no server at {url.render_as_string()}: {error.orig}")
        admin.dispose()
        yield None
        return
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
