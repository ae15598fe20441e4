"""The `motcua` command on a fresh instance folder: set-up twice, demo data twice, a new province, backups."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from engine.db import make_engine
from engine.demo import PROVINCE_FILE
from engine.models import User
from webapp.cli import main


@pytest.fixture
def motcua(settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_set_up_and_demo_data_can_run_twice(motcua):
    lived = ""
    for _ in range(2):
        assert motcua("init-db").exit_code == 0
        result = motcua("demo-data", "--history-weeks", "1")
        assert result.exit_code == 0, result.output
        if not lived:
            lived = result.output
    assert "demo dossiers received over the last 1 weeks" in lived and "demo dossiers" not in result.output  # once
    assert "password for all: motcua-demo" in result.output
    assert "motcua.ttpv" in result.output and "nguyenvanan" in result.output


def test_a_new_province_is_set_up_without_demo_data(motcua, settings, tmp_path):
    """init-db, the organisation, the first administrator, the diagrams and the catalog: each refuses what is not
    ready yet, and each can run again."""
    assert motcua("init-db").exit_code == 0
    refusing = CliRunner()  # its calls fail: the runner of the fixture would raise
    no_agency = refusing.invoke(main, ["create-admin", "quantri.tinh", "--full-name", "Lê Văn Quản", "--password", "x"])
    assert no_agency.exit_code == 1 and "organisation" in no_agency.output
    unpublished = refusing.invoke(main, ["procedures", "publish"])
    assert unpublished.exit_code == 1 and "chưa có cơ quan này" in unpublished.output
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"agencies": [{"code": "1.2", "name": "", "tier": "province", "parent": "x"}]}', encoding="utf-8"
    )
    refused = CliRunner().invoke(main, ["organisation", "load", str(broken)])
    assert refused.exit_code == 1 and "agencies/0" in refused.output
    assert _usernames(settings.database_url) == []
    for _ in range(2):
        loaded = motcua("organisation", "load", str(PROVINCE_FILE))
        assert loaded.exit_code == 0 and loaded.output.startswith("15 agencies loaded; 15 in the organisation")
    weak = refusing.invoke(main, ["create-admin", "Quản trị", "--full-name", " ", "--password", "short"])
    assert weak.exit_code == 1 and "Tên đăng nhập" in weak.output and "10 ký tự" in weak.output
    created = motcua("create-admin", "quantri.tinh", "--full-name", "Lê Văn Quản", "--password", "mat-khau-quan-tri")
    assert created.exit_code == 0, created.output
    assert _usernames(settings.database_url) == ["quantri.tinh"]
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        role = connection.execute(
            text(
                "SELECT r.role, a.parent_id FROM role_assignments r JOIN agencies a ON a.id = r.agency_id "
                "JOIN users u ON u.id = r.user_id WHERE u.username = 'quantri.tinh'"
            )
        ).one()
    engine.dispose()
    assert tuple(role) == ("admin", None)  # at the root of the agency tree
    motcua("procedures", "deploy")
    for _ in range(2):
        published = motcua("procedures", "publish")
        assert published.exit_code == 0 and "1.001193  birth_registration  version 1" in published.output


@pytest.fixture
def new_installation(settings, tmp_path, request, monkeypatch):
    """Point the command at a new, empty installation of the same kind (a later `motcua` call uses it), given the
    backup key of the installation that made the backups, as the restore procedure says."""
    folder = tmp_path / "new-instance"
    folder.mkdir()
    shutil.copy2(settings.instance_dir / "backup_key", folder / "backup_key")
    if settings.database_url.startswith("sqlite"):
        url = f"sqlite:///{folder / 'motcua.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.new_database()
        request.addfinalizer(lambda: server.drop(name))
        url = server.url_of(name)
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(folder))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", url)
    return folder


def _usernames(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        names = list(connection.scalars(select(User.username).order_by(User.username)))
    engine.dispose()
    return names


def test_backup_and_restore_into_a_new_installation(motcua, settings, tmp_path, request):
    assert motcua("init-db").exit_code == 0 and motcua("demo-data", "--history-weeks", "0").exit_code == 0
    result = motcua("backup", str(tmp_path / "backups"))
    assert result.exit_code == 0 and result.output.startswith("Backup written: ")
    (backup,) = (tmp_path / "backups").iterdir()
    request.getfixturevalue("new_installation")
    assert motcua("init-db").exit_code == 0  # the documented procedure: a new installation, set up, then restored
    result = motcua("restore", str(backup))
    assert result.exit_code == 0, result.output
    assert "Restored the backup of" in result.output
    restored = _usernames(os.environ["MOTCUA_DATABASE_URL"])
    assert "nguyenvanan" in restored and restored == _usernames(settings.database_url)
    result = motcua("restore", str(backup))
    assert result.exit_code == 1 and "This installation is not empty" in result.output


def test_restore_refuses_a_tampered_backup(motcua, tmp_path, request):
    assert motcua("init-db").exit_code == 0
    assert motcua("backup", str(tmp_path / "backups")).exit_code == 0
    (backup,) = (tmp_path / "backups").iterdir()
    (backup / "files").mkdir(exist_ok=True)
    (backup / "files" / "planted.sh").write_text("echo hi")
    request.getfixturevalue("new_installation")
    result = motcua("restore", str(backup))
    assert result.exit_code == 1
    assert "does not match its manifest (not in the manifest: files/planted.sh)" in result.output
