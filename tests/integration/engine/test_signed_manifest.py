"""The manifest is signed with the backup key: its own fields cannot be edited, nor a backup signed with another key
or an unsigned one restored."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from engine.operations.backups import back_up
from engine.operations.snapshot import MANIFEST, BackupError, restore_backup
from engine.runtime import Runtime
from engine.settings import BackupSettings

# The signature does not depend on the database: one kind is enough, and a SQLite installation is quick to make.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

REFUSED = "does not carry the signature of this backup key"


@pytest.fixture
def backup(runtime, tmp_path) -> Path:
    runtime.files.put(b"%PDF-1.7 to khai")
    return Path(back_up(runtime, tmp_path / "backups").path)


@pytest.fixture
def elsewhere(settings, clock, tmp_path):
    """A new installation, its database file not yet made."""
    folder = tmp_path / "elsewhere"
    fresh = dataclasses.replace(settings, instance_dir=folder, database_url=f"sqlite:///{folder / 'motcua.sqlite3'}")
    rt = Runtime.start(fresh, clock)
    yield rt
    rt.close()


def _edit(backup: Path, change) -> None:
    content = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    change(content)
    (backup / MANIFEST).write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _restore(elsewhere: Runtime, backup: Path, key: str):
    return restore_backup(elsewhere.engine, elsewhere.files.root, backup, key)


def _swap_a_file(backup: Path) -> None:
    """Change a stored file and write its new size and hash into the manifest, as a careful forger would."""
    (path,) = [file for file in (backup / "files").rglob("*") if file.is_file()]
    forged = b"%PDF-1.7 forged"
    path.write_bytes(forged)

    def rehash(content):
        for part in content["parts"]:
            if part["path"] == path.relative_to(backup).as_posix():
                part["size"], part["sha256"] = len(forged), hashlib.sha256(forged).hexdigest()

    _edit(backup, rehash)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda backup: _edit(backup, lambda c: c.update(revision="0001")),
        lambda backup: _edit(backup, lambda c: c.update(created_at="2020-01-01T00:00:00+00:00")),
        _swap_a_file,
        lambda backup: _edit(backup, lambda c: c.pop("signature")),
    ],
    ids=["revision", "moment", "a file and its hash", "signature removed"],
)
def test_an_edited_manifest_is_refused(backup, elsewhere, runtime, tamper):
    tamper(backup)
    with pytest.raises(BackupError, match=REFUSED):
        _restore(elsewhere, backup, runtime.settings.backup_key)
    assert not elsewhere.files.root.exists()


def test_a_backup_signed_with_another_key_is_refused_and_taken_with_its_key(backup, elsewhere, runtime):
    assert elsewhere.settings.backup_key != runtime.settings.backup_key  # each instance makes its own key
    with pytest.raises(BackupError, match=REFUSED + r".*MOTCUA_BACKUP_KEY"):
        _restore(elsewhere, backup, elsewhere.settings.backup_key)
    manifest = _restore(elsewhere, backup, runtime.settings.backup_key)
    assert manifest.file_count == 1


def test_an_unsigned_manifest_of_the_first_format_is_refused(backup, elsewhere, runtime):
    _edit(backup, lambda c: (c.pop("signature"), c.update(format=1)))
    with pytest.raises(BackupError, match="unsigned one from before backups were signed"):
        _restore(elsewhere, backup, runtime.settings.backup_key)


def test_the_key_comes_from_the_settings_when_given(settings, clock, tmp_path):
    given = dataclasses.replace(settings, backup=BackupSettings(key="khoa-sao-luu-cua-tinh"))
    assert given.backup_key == "khoa-sao-luu-cua-tinh"
    assert not (settings.instance_dir / "backup_key").exists()
    assert settings.backup_key == (settings.instance_dir / "backup_key").read_text().strip()  # made once, kept
    assert settings.backup_key == settings.backup_key
