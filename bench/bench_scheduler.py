"""Benchmark of the scheduler's jobs on a large province: the SLA pass over many running dossiers, a clerk's steps
while it runs, and a backup.

Run `python bench/bench_scheduler.py [--quick] [running]` (default 100000 running dossiers, quick 3000; never
collected by pytest); PostgreSQL as in bench_lifecycle.py.
The running dossiers are copies of one that went through the services (its workflow state, tasks and events), a
quarter waiting for the handover, the others in review, due from five days ago to ten days ahead.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figures, argument_parser
from bench.province import PATH, START, Province, insert_copies
from bench.throwaway_databases import postgres_database
from engine.dossiers.sla_states import refresh_sla_states
from engine.operations.backups import back_up

FULL, QUICK = 100_000, 3_000
BATCH = 5_000
SPREAD_MINUTES = 15 * 24 * 60


def add_running(province: Province, total: int) -> None:
    """`total` running dossiers, copies of one stopped before its handover (one in four) or its review."""
    life = province.life()
    span = life["review"].dossier["due_at"] - life["review"].received_at
    latest = START + timedelta(days=10) - span  # the latest received moment, due ten days ahead

    def received(n: int) -> Any:
        return latest - timedelta(minutes=(n * 7919) % SPREAD_MINUTES)

    with province.runtime.engine.begin() as connection:
        for first in range(0, total, BATCH):
            numbers = range(first, min(first + BATCH, total))
            insert_copies(connection, life["hand_over"], numbers[::4], received)
            insert_copies(connection, life["review"], [n for n in numbers if n % 4], received)
    province.settle()


def timed(job: Callable[..., object], *args: object) -> tuple[float, Any]:
    started = time.perf_counter()
    result = job(*args)
    return time.perf_counter() - started, result


def passes(label: str, province: Province, instance_dir: Path, figures: Figures) -> None:
    """The first SLA pass after the load (every running dossier's state is written), a rerun, one an hour later,
    and a backup."""
    first, changed = timed(refresh_sla_states, province.runtime)
    again, unchanged = timed(refresh_sla_states, province.runtime)
    province.clock.advance(timedelta(hours=1))
    later, moved = timed(refresh_sla_states, province.runtime)
    print(
        f"{label}: SLA pass: first {first:.2f} s ({changed.running:,} written), rerun {again:.2f} s "
        f"({unchanged.running} written), an hour later {later:.2f} s ({moved.running:,} written)"
    )
    figures.add(f"sla_pass_first_s_{label.lower()}", first)
    seconds, record = timed(back_up, province.runtime, instance_dir / f"backups-{label}")
    print(f"{label}: backup {seconds:.2f} s, {record.size_bytes / 1e6:.1f} MB, status {record.status}")


def steps_during_pass(province: Province, ready: int) -> tuple[list[float], float]:
    """A clerk's reception checks of `ready` dossiers submitted beforehand, one after another while the first SLA
    pass runs in another thread (after one check that warms the caches); the seconds of each check and of the
    pass. The clerk stops when the pass ends or the dossiers run out."""
    codes = [province.submitted() for _ in range(ready + 1)]
    province.step(codes.pop(), *PATH[0])
    elapsed: list[float] = []
    sla = threading.Thread(target=lambda: elapsed.append(timed(refresh_sla_states, province.runtime)[0]))
    steps: list[float] = []
    sla.start()
    while codes and (sla.is_alive() or len(steps) < 2):
        steps.append(province.step(codes.pop(), *PATH[0]))
    sla.join()
    return steps, elapsed[0]


def p99_ms(seconds: list[float]) -> float:
    """The 99th percentile of the timings, in milliseconds."""
    return statistics.quantiles(seconds, n=100, method="inclusive")[98] * 1000


def sqlite(folder: Path, running: int, figures: Figures) -> None:
    """The passes on one SQLite province, and the clerk's steps during the first pass on a copy of it."""
    alone, shared = folder / "alone.sqlite3", folder / "shared.sqlite3"
    province = Province(f"sqlite:///{alone}", folder / "instance")
    add_running(province, running)
    province.close()
    shutil.copyfile(alone, shared)
    province = Province(f"sqlite:///{alone}", folder / "instance", new=False)
    try:
        passes("SQLite", province, folder, figures)
    finally:
        province.close()
    province = Province(f"sqlite:///{shared}", folder / "instance", new=False)
    try:
        steps, seconds = steps_during_pass(province, max(20, running // 250))
    finally:
        province.close()
    p99 = p99_ms(steps)
    print(
        f"SQLite: {len(steps)} reception checks while the first SLA pass ran ({seconds:.2f} s): median "
        f"{statistics.median(steps) * 1000:.1f} ms, p99 {p99:.1f} ms, slowest {max(steps) * 1000:.1f} ms"
    )
    figures.add("step_p99_ms_during_sla_pass", p99)


def postgresql(folder: Path, running: int, figures: Figures) -> None:
    with postgres_database() as url:
        if url is None:
            figures.skip("sla_pass_first_s_postgresql", "no PostgreSQL server")
            return
        province = Province(url, folder / "instance-postgresql")
        try:
            add_running(province, running)
            passes("PostgreSQL", province, folder, figures)
        finally:
            province.close()


def main(argv: list[str] | None = None) -> Figures:
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("running", nargs="?", type=int, help=f"running dossiers (default {FULL}, quick {QUICK})")
    arguments = parser.parse_args(argv)
    running = arguments.running or (QUICK if arguments.quick else FULL)
    figures = Figures()
    print(f"{running:,} running dossiers")
    with tempfile.TemporaryDirectory() as folder:
        sqlite(Path(folder), running, figures)
        postgresql(Path(folder), running, figures)
    figures.print()
    return figures


if __name__ == "__main__":
    main()
