"""The README's first command, `make demo`, runs the app as a demo: its set-up steps are left out here (`make -o`)
and a stand-in `motcua` records each call and the environment it was given."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_demo_sets_up_loads_and_runs_the_app_as_a_demo(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    cli = tmp_path / "motcua"
    cli.write_text(f'#!/bin/sh\necho "$1 [$MOTCUA_ENV]" >> "{calls}"\n')
    cli.chmod(0o755)
    environment = {name: value for name, value in os.environ.items() if name != "MOTCUA_ENV"}
    left_out = ["-o", "system-packages", "-o", ".venv/.installed", "-o", "translations"]
    subprocess.run(
        ["make", "-s", *left_out, "demo", f"BIN={tmp_path}"], cwd=ROOT, env=environment, check=True, timeout=60
    )
    assert calls.read_text().splitlines() == ["init-db [demo]", "demo-data [demo]", "run [demo]"]
