"""Benchmark at scale: the SLA pass, a province-year report and a busy clerk's inbox at 100,000 and 1,000,000 dossiers.

Run `python bench/bench_reports.py [size ...]` (default 100000 1000000; never collected by pytest). Each size is
generated afresh by bench/province_year.py on SQLite and, when a server answers, on PostgreSQL
(MOTCUA_BENCH_PG_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres, a role that may create
databases). MOTCUA_BENCH_DATABASES=sqlite or =postgresql runs one of them only.
The SLA pass is the scheduler's set-based job (`refresh_sla_states`) over every dossier, timed at its first run
after generation (every open dossier's state is written) and at a rerun (nothing changes).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.province_year import NOW, YEAR, dossier_rows, prepare, write
from bench.throwaway_databases import postgres_database
from engine.db import make_engine, upgrade
from engine.dossiers.inbox import InboxFilter, my_work
from engine.dossiers.sla_states import refresh_sla_states
from engine.models import User
from engine.runtime import Runtime
from engine.settings import Settings
from reports.public_statistics import public_statistics
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

BUSY_CLERK = "motcua.anhoa"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of a few runs, in seconds (the first run also warms the caches)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(label: str, url: str, size: int) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    calendar = WorkingCalendar()
    try:
        with Session(engine, expire_on_commit=False) as session:
            catalog = prepare(session, size)
            session.commit()
        started = time.perf_counter()
        written = write(engine, dossier_rows(catalog, calendar, size))
        generated = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as instance:
            runtime = Runtime.start(Settings(Path(instance), url, "bench"), ManualClock(NOW))
            try:
                sla_first = best_of(1, lambda: refresh_sla_states(runtime))
                sla_rerun = best_of(1, lambda: refresh_sla_states(runtime))
            finally:
                runtime.close()
        with Session(engine) as session:
            clerk = session.scalar(sa.select(User).where(User.username == BUSY_CLERK))
            year = ReportScope(Period.of(PeriodKind.YEAR, YEAR))
            figures = {
                "generate": generated,
                "sla": sla_first,
                "sla_rerun": sla_rerun,
                "report": best_of(2, lambda: build_report(session, year, calendar, NOW)),
                "inbox": best_of(5, lambda: my_work(session, clerk, NOW, calendar, InboxFilter())),
                "statistics": best_of(2, lambda: public_statistics(session, calendar, NOW)),
            }
            open_tasks = my_work(session, clerk, NOW, calendar, InboxFilter()).total
        print(
            f"{label} {written:,} dossiers: generated in {figures['generate']:.1f} s; SLA pass {figures['sla']:.2f} s "
            f"(rerun {figures['sla_rerun']:.2f} s); province-year report "
            f"{figures['report']:.2f} s; busy clerk's inbox ({open_tasks} open tasks) "
            f"{figures['inbox'] * 1000:.1f} ms; public statistics {figures['statistics']:.2f} s",
            flush=True,
        )
        return figures
    finally:
        engine.dispose()


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.sqlite3"


def main(sizes: list[int]) -> None:
    wanted = os.environ.get("MOTCUA_BENCH_DATABASES", "sqlite,postgresql").split(",")
    for label, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        if label.lower() not in wanted:
            continue
        results = {}
        for size in sizes:
            with database() as url:
                if url is None:
                    break
                results[size] = measure(label, url, size)
        if len(results) >= 2:
            small, large = results[min(results)], results[max(results)]
            print(
                f"{label} ratio {max(results):,} / {min(results):,} dossiers: SLA pass "
                f"{large['sla'] / small['sla']:.2f}x, report "
                f"{large['report'] / small['report']:.2f}x, inbox {large['inbox'] / small['inbox']:.2f}x "
                f"(target within 1.5x), public statistics {large['statistics'] / small['statistics']:.2f}x"
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000])
