"""A populated installation is backed up, restored elsewhere, and found identical: every table, every file."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select, text

from engine.db import alembic_config, upgrade
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.sla_states import refresh_sla_states
from engine.dossiers.timers import fire_due_timers
from engine.models import BackupStatus, Base, DossierFile, FilePurpose, ProcedureDocument, StoredFile
from engine.notices.outbox import deliver_outbox
from engine.operations.backups import back_up
from engine.operations.lease import Lease
from engine.operations.snapshot import MANIFEST, BackupError, restore_backup
from engine.runtime import Runtime
from tests.integration.engine.conftest import Desk

SCANS = {
    "to-khai.pdf": b"%PDF-1.7 to khai dang ky khai sinh",
    "giay-chung-sinh.jpg": b"\xff\xd8\xff\xe0 giay chung sinh",
    "bien-ban-hop.pdf": "%PDF-1.7 Biên bản họp thành viên".encode(),
}


def _attach(desk: Desk, code: str, filename: str, content: bytes) -> None:
    sha256 = desk.runtime.files.put(content)
    with desk.runtime.unit_of_work() as uow:
        dossier = desk.dossier(code)
        if uow.session.get(StoredFile, sha256) is None:
            uow.session.add(
                StoredFile(sha256=sha256, size=len(content), media_type="application/pdf", created_at=desk.clock.now())
            )
        document = uow.session.scalar(
            select(ProcedureDocument.id).where(ProcedureDocument.procedure_version_id == dossier.procedure_version_id)
        )
        uow.session.add(
            DossierFile(
                dossier_id=dossier.id,
                document_id=document,
                sha256=sha256,
                filename=filename,
                purpose=FilePurpose.SUBMITTED,
                uploaded_at=desk.clock.now(),
            )
        )
        uow.commit()


@pytest.fixture
def populated(desk: Desk) -> Desk:
    """Demo data, dossiers at several points of their lives, files, sent notices, SLA states, a lease."""
    returned = desk.submit()
    for task, who, form in [
        ("check_completeness", "motcua.anhoa", {"decision": "complete"}),
        ("hand_over", "motcua.anhoa", {}),
        ("review", "chuyenvien.anhoa", {"proposal": "result", "draft_summary": "Cấp Giấy khai sinh"}),
        ("department_approval", "truongphong.anhoa", {"decision": "approve"}),
        ("sign", "lanhdao.anhoa", {"decision": "sign", "pin": DEMO_PIN}),
        ("return_result", "motcua.anhoa", {"return_method": "counter", "receiver_name": "Trần Thị Bình"}),
    ]:
        desk.complete(returned, task, who, **form)
    refused = desk.submit(name="Phạm Văn Đức")
    desk.complete(
        refused, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason="Không thuộc thẩm quyền"
    )
    waiting = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    desk.complete(waiting, "check_completeness", "motcua.tanlap", decision="complete")
    desk.submit(name="Lê Thị Hồng")  # just submitted
    for (filename, content), code in zip(SCANS.items(), [returned, returned, waiting], strict=True):
        _attach(desk, code, filename, content)
    desk.clock.advance(timedelta(days=1))
    fire_due_timers(desk.runtime)  # the waiting dossier's handover is late
    refresh_sla_states(desk.runtime)
    deliver_outbox(desk.runtime, senders={})
    assert Lease(desk.runtime, holder="web-1").hold()
    return desk


@pytest.fixture
def small(runtime: Runtime, clock) -> Runtime:
    """An installation with two stored files and their rows, nothing more."""
    with runtime.unit_of_work() as uow:
        for content in list(SCANS.values())[:2]:
            uow.session.add(
                StoredFile(
                    sha256=runtime.files.put(content),
                    size=len(content),
                    media_type="application/pdf",
                    created_at=clock.now(),
                )
            )
        uow.commit()
    return runtime


@pytest.fixture
def elsewhere(settings, clock, tmp_path, request):
    """A new, empty installation of the same kind: a database file not yet created, or an empty PostgreSQL database."""
    folder = tmp_path / "elsewhere"
    if settings.database_url.startswith("sqlite"):
        fresh = dataclasses.replace(
            settings, instance_dir=folder, database_url=f"sqlite:///{folder / 'motcua.sqlite3'}"
        )
        drop = None
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.new_database()
        fresh = dataclasses.replace(settings, instance_dir=folder, database_url=server.url_of(name))
        drop = name
    rt = Runtime.start(fresh, clock)
    yield rt
    rt.close()
    if drop:
        server.drop(drop)


def _tables(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        rows = {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }
        rows["alembic_version"] = [tuple(row) for row in connection.execute(text("SELECT * FROM alembic_version"))]
    return rows


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_restored_installation_equals_the_one_backed_up(populated, elsewhere, tmp_path):
    source = populated.runtime
    before = _tables(source.engine)  # the backup's own log row is written after its snapshot
    record = back_up(source, tmp_path / "backups")
    # three scans, the returned dossier's signed result and the unsigned one its leader was shown
    assert record.status is BackupStatus.OK and record.file_count == 5
    assert len(before["dossiers"]) == 4 and len(before["dossier_files"]) == 4 and before["outbox"]

    manifest = restore_backup(elsewhere.engine, elsewhere.files.root, Path(record.path), source.settings.backup_key)
    upgrade(elsewhere.settings.database_url)

    assert manifest.file_count == 5
    after = _tables(elsewhere.engine)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert _files(elsewhere.files.root) == _files(source.files.root)
    # The restored installation goes on where the original stopped: new rows get new ids and codes.
    restored = Desk(elsewhere, populated.clock)
    code = restored.submit(name="Hoàng Văn Nam")
    assert code.endswith("-261124-0001") and restored.dossier(code).id == 5


def test_the_backup_log_records_each_backup(small, tmp_path):
    record = back_up(small, tmp_path / "backups")
    manifest = json.loads((Path(record.path) / MANIFEST).read_text(encoding="utf-8"))
    assert record.size_bytes == sum(part["size"] for part in manifest["parts"]) > 0
    assert {part["path"] for part in manifest["parts"]} >= {"files/" + p for p in _files(small.files.root)}
    head = ScriptDirectory.from_config(alembic_config(str(small.engine.url))).get_current_head()
    assert manifest["revision"] == head and manifest["database"] == small.engine.dialect.name
    with small.unit_of_work() as uow:
        logged = uow.session.get(type(record), record.id)
        assert (logged.status, logged.trigger, logged.path) == (BackupStatus.OK, "manual", record.path)


def test_a_file_being_written_into_the_store_is_left_out(small, tmp_path):
    half_written = small.files.root / "ab" / "cd" / "tmpq8x1z2"
    half_written.parent.mkdir(parents=True, exist_ok=True)
    half_written.write_bytes(b"half a scan")
    record = back_up(small, tmp_path / "backups")
    assert record.file_count == 2 and not list(Path(record.path).rglob("tmp*"))


@pytest.mark.parametrize(
    ("tamper", "complaint"),
    [
        (lambda folder: _flip_a_byte(_a_file(folder)), "changed"),
        (lambda folder: _a_file(folder).unlink(), "missing"),
        (lambda folder: (folder / "files" / "extra.bin").write_bytes(b"x"), "not in the manifest"),
    ],
    ids=["changed", "missing", "added"],
)
def test_a_tampered_backup_is_refused_and_nothing_is_restored(small, elsewhere, tmp_path, tamper, complaint):
    record = back_up(small, tmp_path / "backups")
    tamper(Path(record.path))
    with pytest.raises(BackupError, match=f"does not match its manifest.*{complaint}"):
        restore_backup(elsewhere.engine, elsewhere.files.root, Path(record.path), small.settings.backup_key)
    assert not elsewhere.files.root.exists()


def test_a_changed_database_part_is_refused(small, elsewhere, tmp_path):
    record = back_up(small, tmp_path / "backups")
    (database,) = [p for p in Path(record.path).iterdir() if p.name.startswith("database.")]
    _flip_a_byte(database)
    with pytest.raises(BackupError, match=f"changed: {database.name}"):
        restore_backup(elsewhere.engine, elsewhere.files.root, Path(record.path), small.settings.backup_key)


def test_restore_refuses_an_installation_that_has_data_or_files(small, elsewhere, tmp_path):
    record = back_up(small, tmp_path / "backups")
    with pytest.raises(BackupError, match=r"not empty \(tables with data: backups, stored_files\)"):
        restore_backup(small.engine, small.files.root, Path(record.path), small.settings.backup_key)
    elsewhere.files.put(b"left over")
    with pytest.raises(BackupError, match=r"not empty \(stored files in"):
        restore_backup(elsewhere.engine, elsewhere.files.root, Path(record.path), small.settings.backup_key)


def test_a_folder_without_a_manifest_is_not_a_backup(elsewhere, tmp_path):
    with pytest.raises(BackupError, match="not a Một Cửa backup"):
        restore_backup(elsewhere.engine, elsewhere.files.root, tmp_path, elsewhere.settings.backup_key)


def _a_file(folder: Path) -> Path:
    return sorted(path for path in (folder / "files").rglob("*") if path.is_file())[0]


def _flip_a_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
