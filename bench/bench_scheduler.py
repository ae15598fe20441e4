"""Benchmark of the scheduler's jobs on a large province: SLA states over many running dossiers, and a backup.

Run `python bench/bench_scheduler.py` (never collected by pytest); PostgreSQL as in bench_lifecycle.py.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from bench_lifecycle import START, Province
from throwaway_databases import postgres_database

from engine.dossiers.sla_states import refresh_sla_states
from engine.models import Dossier
from engine.operations.backups import back_up

RUNNING = 100_000


def add_running(province: Province, total: int) -> None:
    """Dossiers being processed, due from five days ago to ten days ahead, inserted in bulk."""
    province.lifecycle()
    with province.runtime.engine.begin() as connection:
        template = connection.execute(sa.select(Dossier.__table__).limit(1)).mappings().one()
        for first in range(0, total, 10_000):
            connection.execute(
                Dossier.__table__.insert(),
                [
                    {
                        **template,
                        "id": 2_000_000 + n,
                        "code": f"000.01.10.H99-R{n:06d}",
                        "status": 4,
                        "due_at": START + timedelta(minutes=(n * 7919) % (15 * 24 * 60)) - timedelta(days=5),
                        "resolved_at": None,
                        "returned_at": None,
                        "sla_state": None,
                        "first_overdue_at": None,
                    }
                    for n in range(first, min(first + 10_000, total))
                ],
            )


def timed(job, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = job(*args)
    return time.perf_counter() - started, result


def run(label: str, url: str, instance_dir: Path) -> None:
    province = Province(url, instance_dir)
    try:
        add_running(province, RUNNING)
        first, changed = timed(refresh_sla_states, province.runtime)
        again, unchanged = timed(refresh_sla_states, province.runtime)
        province.clock.advance(timedelta(hours=1))
        later, moved = timed(refresh_sla_states, province.runtime)
        print(
            f"{label}: SLA states of {RUNNING:,} running dossiers: first run {first:.2f} s ({changed.running:,} "
            f"written), rerun {again:.2f} s ({unchanged.running} written), an hour later {later:.2f} s "
            f"({moved.running:,} written)"
        )
        seconds, record = timed(back_up, province.runtime, instance_dir / f"backups-{label}")
        print(f"{label}: backup {seconds:.2f} s, {record.size_bytes / 1e6:.1f} MB, status {record.status}")
    finally:
        province.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.sqlite3", Path(folder))
        with postgres_database() as url:
            if url is not None:
                run("PostgreSQL", url, Path(folder))


if __name__ == "__main__":
    main()
