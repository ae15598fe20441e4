"""The `motcua` command on a fresh instance folder: set-up twice, demo data twice, catalog check, backups."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from engine.db import make_engine
from engine.models import User
from webapp.cli import main


@pytest.fixture
def motcua(settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_set_up_and_demo_data_can_run_twice(motcua):
    for _ in range(2):
        assert motcua("init-db").exit_code == 0
        result = motcua("demo-data")
        assert result.exit_code == 0, result.output
    assert "password for all: motcua-demo" in result.output
    assert "motcua.ttpv" in result.output and "nguyenvanan" in result.output


def test_procedures_check_lists_the_catalog(motcua):
    result = motcua("procedures", "check")
    assert result.exit_code == 0
    assert "ok  diagram one_stop" in result.output and "ok  diagram lien_thong" in result.output
    assert "ok  diagram question" in result.output
    assert "ok  1.001193  birth_registration" in result.output


def test_procedures_deploy_is_idempotent(motcua):
    deployed = ["lien_thong version 1", "one_stop version 1", "question version 1"]
    assert motcua("procedures", "deploy").output.splitlines() == deployed
    assert motcua("procedures", "deploy").output.splitlines() == deployed


def test_create_admin_opens_a_new_installation_to_its_first_administrator(motcua, settings):
    assert motcua("init-db").exit_code == 0
    empty = CliRunner().invoke(main, ["create-admin", "quantri.tinh", "--full-name", "Lê Văn Quản", "--password", "x"])
    assert empty.exit_code == 1 and "organisation" in empty.output  # no agency yet: nothing to administer
    motcua("demo-data")
    weak = CliRunner().invoke(main, ["create-admin", "Quản trị", "--full-name", " ", "--password", "short"])
    assert weak.exit_code == 1 and "Tên đăng nhập" in weak.output and "10 ký tự" in weak.output
    created = motcua("create-admin", "quantri.tinh", "--full-name", "Lê Văn Quản", "--password", "mat-khau-quan-tri")
    assert created.exit_code == 0, created.output
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        roles = connection.execute(
            text(
                "SELECT r.role, a.parent_id FROM role_assignments r JOIN users u ON u.id = r.user_id "
                "JOIN agencies a ON a.id = r.agency_id WHERE u.username = 'quantri.tinh'"
            )
        ).all()
    engine.dispose()
    assert roles == [("admin", None)]  # at the root of the agency tree


@pytest.fixture
def new_installation(settings, tmp_path, request, monkeypatch):
    """Point the command at a new, empty installation of the same kind (a later `motcua` call uses it)."""
    folder = tmp_path / "new-instance"
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
    assert motcua("init-db").exit_code == 0 and motcua("demo-data").exit_code == 0
    result = motcua("backup", str(tmp_path / "backups"))
    assert result.exit_code == 0 and result.output.startswith("Backup written: ")
    (backup,) = (tmp_path / "backups").iterdir()
    request.getfixturevalue("new_installation")
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
