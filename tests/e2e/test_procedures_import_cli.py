"""`motcua procedures import FILE`: the national export's records drafted, the report printed or as JSON, in the
chosen language; a refused record makes the exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cli import main

EXPORT = Path(__file__).parents[1] / "integration" / "catalog" / "national_export.json"


@pytest.fixture
def motcua(settings, demo, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["procedures", "import", str(EXPORT), "--by", "quantri", *args])


def test_the_report_as_json_then_as_text_after_a_dry_run(motcua):
    dry = motcua("--dry-run", "--json", "--language", "en")
    assert dry.exit_code == 1
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True
    assert report["counts"] == {"created": 1, "updated": 3, "unchanged": 0, "refused": 1}
    refused = report["records"][-1]
    assert refused == {
        "position": 5,
        "code": "1.0011",
        "outcome": "refused",
        "reason": "Field CapThucHien: unknown implementing level (Cấp Tỉnh or Cấp Xã expected)",
    }
    assert report["records"][2]["outcome"] == "updated" and report["records"][2]["changes"]

    done = motcua()
    assert done.exit_code == 1
    assert "#4 1.000593: created" in done.stdout
    assert '    name_vi: null -> "Thủ tục đăng ký kết hôn lưu động"' in done.stdout
    assert "#5 1.0011: refused: Trường CapThucHien: cấp thực hiện không rõ" in done.stderr
    assert done.stdout.splitlines()[-1] == "1 created, 3 updated, 0 unchanged, 1 refused."

    again = json.loads(motcua("--json").stdout)
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 4, "refused": 1}
