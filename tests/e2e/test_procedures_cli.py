"""`motcua procedures`: check every diagram and say every problem where it is, deploy what changed, move running
dossiers to another version."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cli import main

SAMPLE = Path(__file__).parents[1] / "unit" / "engine" / "workflow" / "timer_and_script.bpmn"
V2 = Path(__file__).parents[1] / "integration" / "engine" / "one_stop_v2.bpmn"


@pytest.fixture
def motcua(settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


@pytest.fixture
def check(tmp_path, monkeypatch):
    """The check needs no database: it runs on its own throwaway one."""
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(tmp_path / "instance"))
    return lambda *args: CliRunner().invoke(main, ["procedures", "check", *map(str, args)])


def test_the_shipped_diagrams_and_catalog_pass(check):
    result = check("--static")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert {line.rsplit("/", 1)[-1] for line in lines if line.endswith(".bpmn")} == {
        "cham_dut_cham_soc_thay_the_tre_em.bpmn",
        "content.bpmn",
        "lien_thong.bpmn",
        "one_stop.bpmn",
        "question.bpmn",
    }
    assert "ok  1.001193  birth_registration" in lines
    assert lines[-1] == "5 diagrams, 31 procedures checked: 0 problems."


def test_every_problem_of_every_file_is_said_where_it_is(check, tmp_path):
    no_role = tmp_path / "no_role.bpmn"
    no_role.write_text(SAMPLE.read_text(encoding="utf-8").replace('name="reception_clerk"', 'name="Kế toán"'), "utf-8")
    not_xml = tmp_path / "not_xml.bpmn"
    not_xml.write_bytes(b"\xff\xfe<\x00")
    result = check("--static", tmp_path, SAMPLE)
    assert result.exit_code == 1
    assert f"{no_role}:11: lane_reception «Kế toán»: Làn «Kế toán» không ứng với vai trò nào" in result.output
    assert f"{not_xml}:1: XML không hợp lệ:" in result.output
    assert f"ok  {SAMPLE}" in result.output
    assert result.output.splitlines()[-1] == "3 diagrams, 0 procedures checked: 2 problems."
    assert "Traceback" not in result.output


def test_messages_come_in_english_on_request(check, tmp_path):
    no_role = tmp_path / "no_role.bpmn"
    no_role.write_text(SAMPLE.read_text(encoding="utf-8").replace('name="reception_clerk"', 'name="Kế toán"'), "utf-8")
    result = check("--static", "--language", "en", no_role)
    assert f"{no_role}:11: lane_reception «Kế toán»: The lane «Kế toán» stands for no role" in result.output


def test_deploy_says_what_would_become_a_new_version_then_does_it(motcua):
    assert motcua("init-db").exit_code == 0
    preview = motcua("procedures", "deploy", "--dry-run")
    assert preview.output.splitlines() == [
        "cham_dut_cham_soc_thay_the_tre_em: would become version 1",
        "content: would become version 1",
        "lien_thong: would become version 1",
        "one_stop: would become version 1",
        "question: would become version 1",
    ]
    assert motcua("procedures", "deploy").output.splitlines() == [
        "cham_dut_cham_soc_thay_the_tre_em: deployed as version 1",
        "content: deployed as version 1",
        "lien_thong: deployed as version 1",
        "one_stop: deployed as version 1",
        "question: deployed as version 1",
    ]
    assert motcua("procedures", "deploy").output.splitlines() == [
        "cham_dut_cham_soc_thay_the_tre_em: unchanged, version 1",
        "content: unchanged, version 1",
        "lien_thong: unchanged, version 1",
        "one_stop: unchanged, version 1",
        "question: unchanged, version 1",
    ]


def test_a_refused_diagram_is_not_deployed(motcua, tmp_path):
    assert motcua("init-db").exit_code == 0
    broken = tmp_path / "one_stop.bpmn"
    broken.write_text(V2.read_text(encoding="utf-8").replace('value="review"', 'value="reveiw"'), encoding="utf-8")
    result = motcua("procedures", "deploy", str(broken))
    assert result.exit_code == 1
    assert "Hành vi «reveiw» không có trong danh mục hành vi; có phải «review»?" in result.output
    assert "one_stop: would become version 1" in motcua("procedures", "deploy", "--dry-run").output.splitlines()


def test_migrate_moves_running_dossiers_or_says_why_not(motcua):
    assert motcua("init-db").exit_code == 0
    assert motcua("demo-data", "--history-weeks", "0").exit_code == 0
    assert motcua("procedures", "deploy", str(V2)).output == "one_stop_v2: deployed as version 1\n"
    unknown = motcua("procedures", "migrate", "one_stop", "--to", "7")
    assert unknown.exit_code == 1 and "Chưa triển khai quy trình one_stop v7." in unknown.output
    nothing = motcua("procedures", "migrate", "one_stop", "--to", "1", "--dry-run")
    assert nothing.exit_code == 0 and nothing.output.endswith("0 would move, 0 left where they are.\n")
