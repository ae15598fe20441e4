"""A backup's manifest (`manifest.json`): what the backup holds, signed with the installation's backup key.

The signature is an HMAC-SHA256 over every field of the manifest, so a changed moment, revision, database kind or
part hash is refused on restore just as a changed part is. The key (MOTCUA_BACKUP_KEY, else the instance's
`backup_key` file) is never written into a backup: whoever restores brings it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = 2  # 1: unsigned manifests, refused since backups are signed
SIGNATURE = "hmac-sha256"
FILES = "files"


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

    def signed_json(self, key: str) -> str:
        parts = [{"path": path, "size": size, "sha256": digest} for path, (size, digest) in sorted(self.parts.items())]
        content: dict[str, Any] = {
            "format": FORMAT,
            "created_at": self.created_at.isoformat(),
            "database": self.database,
            "revision": self.revision,
            "parts": parts,
        }
        content["signature"] = _signature(content, key)
        return json.dumps(content, indent=1, ensure_ascii=False) + "\n"


def read_manifest(folder: Path, key: str) -> Manifest:
    """The manifest of a backup folder, once its format and signature are checked."""
    try:
        content = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{folder} is not a Một Cửa backup: it has no {MANIFEST}.") from error
    except (OSError, ValueError) as error:
        raise BackupError(f"The manifest of {folder} is unreadable ({error}); the backup is not used.") from error
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise BackupError(
            f"{folder} is a backup of an unknown format, or an unsigned one from before backups were signed; "
            "it is not used."
        )
    signature = content.pop("signature", None)
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _signature(content, key)):
        raise BackupError(
            f"The manifest of {folder} does not carry the signature of this backup key: it was changed, or the backup "
            "was made with another key (set MOTCUA_BACKUP_KEY, or copy the backup_key file of the instance that made "
            "it); the backup is not used."
        )
    try:
        return Manifest(
            datetime.fromisoformat(content["created_at"]),
            content["database"],
            content["revision"],
            {part["path"]: (int(part["size"]), part["sha256"]) for part in content["parts"]},
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {folder} is unreadable ({error}); the backup is not used.") from error


def _signature(content: dict[str, Any], key: str) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{SIGNATURE}:{hmac.new(key.encode(), canonical, hashlib.sha256).hexdigest()}"
