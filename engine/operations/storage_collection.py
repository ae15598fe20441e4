"""Collecting the file store (dọn kho tệp): files that no row names, and temporary files of writes cut short.

A step stores its files before its transaction commits; a step killed in between leaves a file that no
`stored_files` row names, and a write killed half-way leaves a temporary file. Both are removed once older than a
safety margin, so that a step still running (its file written, its row not yet committed) is never robbed.
Run it with `dry_run` first to see what would go.
"""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from engine.models import StoredFile
from engine.runtime import Runtime

log = logging.getLogger(__name__)

SAFETY_MARGIN = timedelta(hours=24)
"""Far longer than any step lasts: a file this old without its row belongs to a step that died."""
_STORED_NAME = re.compile(r"[0-9a-f]{64}")
_TEMPORARY_PREFIX = "tmp"  # tempfile's names, as FileStore.put writes before renaming
_BATCH = 500


@dataclass(frozen=True)
class Collection:
    """What a collection pass removed, or with `dry_run` would remove, each with its size in bytes."""

    orphans: list[tuple[Path, int]]
    temporaries: list[tuple[Path, int]]
    dry_run: bool

    @property
    def size(self) -> int:
        return sum(size for _, size in self.orphans + self.temporaries)


def collect_storage(runtime: Runtime, *, min_age: timedelta = SAFETY_MARGIN, dry_run: bool = True) -> Collection:
    """Find (and unless `dry_run`, remove) the store's files older than `min_age` that no row names."""
    oldest = (runtime.clock.now() - min_age).timestamp()
    blobs: dict[str, tuple[Path, int]] = {}
    temporaries = []
    for path, size in _old_files(runtime.files.root, oldest):
        if _STORED_NAME.fullmatch(path.name) and runtime.files.path(path.name) == path:
            blobs[path.name] = (path, size)
        elif path.name.startswith(_TEMPORARY_PREFIX):
            temporaries.append((path, size))
    with runtime.unit_of_work() as uow:
        names = sorted(blobs)
        named = {
            sha256
            for start in range(0, len(names), _BATCH)
            for sha256 in uow.session.scalars(
                select(StoredFile.sha256).where(StoredFile.sha256.in_(names[start : start + _BATCH]))
            )
        }
    orphans = [found for sha256, found in sorted(blobs.items()) if sha256 not in named]
    collection = Collection(orphans, sorted(temporaries), dry_run)
    if not dry_run:
        for path, _size in collection.orphans + collection.temporaries:
            path.unlink(missing_ok=True)
            log.info("file store: removed %s, which no row names", path)
    log.info(
        "file store collection%s: %d files no row names, %d temporary files, %d bytes",
        " (dry run)" if dry_run else "",
        len(collection.orphans),
        len(collection.temporaries),
        collection.size,
    )
    return collection


def _old_files(root: Path, oldest: float) -> Iterator[tuple[Path, int]]:
    """The store's files last written before `oldest` (a POSIX time), with their sizes."""
    if not root.is_dir():
        return
    for path in root.rglob("*"):
        try:
            status = path.lstat()
        except FileNotFoundError:  # renamed into place or removed meanwhile
            continue
        if stat.S_ISREG(status.st_mode) and status.st_mtime < oldest:
            yield path, status.st_size
