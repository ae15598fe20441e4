"""The `motcua` command on a fresh instance folder: set-up twice, demo data twice, catalog check."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

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


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_commands_not_built_yet_say_so(motcua, command):
    result = motcua(command)
    assert result.exit_code == 1
    assert "not available yet" in result.output
