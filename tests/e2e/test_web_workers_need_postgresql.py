"""`motcua web --workers N` serves PostgreSQL only: on SQLite it says so and starts nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_several_workers_on_sqlite_are_refused_with_the_reason(tmp_path):
    env = dict(
        os.environ,
        MOTCUA_INSTANCE_DIR=str(tmp_path),
        MOTCUA_DATABASE_URL=f"sqlite:///{tmp_path / 'motcua.sqlite3'}",
        MOTCUA_ENV="development",
        MOTCUA_SECRET_KEY="test-secret",
    )
    motcua = Path(sys.executable).with_name("motcua")
    command = [motcua, "web", "--workers", "2", "--port", "1"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "--workers needs PostgreSQL" in result.stderr
