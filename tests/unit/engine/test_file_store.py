"""Dossier files are stored once per content, under their SHA-256, and read back byte for byte."""

from __future__ import annotations

import hashlib

import pytest

from engine.storage import FileStore


def test_content_is_stored_once_under_its_hash(tmp_path):
    store = FileStore(tmp_path)
    scan = b"%PDF-1.7 to khai dang ky khai sinh"
    first, second = store.put(scan), store.put(scan)
    assert first == second == hashlib.sha256(scan).hexdigest()
    assert store.read(first) == scan
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [first]


def test_a_path_is_only_ever_made_from_a_real_digest(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(ValueError, match="not a SHA-256"):
        store.path("../../etc/passwd")
    assert not store.exists("0" * 64)
