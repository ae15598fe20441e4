"""Benchmark at scale: the SLA pass, a province-year report and a busy clerk's inbox at 100,000 and 1,000,000 dossiers.

Run `python bench/bench_reports.py [--quick] [size ...]` (default 100000 1000000, quick 3000; never collected by
pytest). Each size is generated afresh by bench/province_year.py on SQLite and, when a server answers, on PostgreSQL
(MOTCUA_BENCH_PG_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres, a role that may create
databases). MOTCUA_BENCH_DATABASES=sqlite or =postgresql runs one of them only. With MOTCUA_BENCH_KEEP=1 each
size's databases are kept and a later run measures them again without generating (bench/throwaway_databases.py).
The SLA pass is the scheduler's set-based job (`refresh_sla_states`) over every dossier, timed at its first run
after generation (every open dossier's state is written) and at a rerun (nothing changes). The inbox page is served
by a real `motcua web --workers N` (one process per core) at the smallest size, to one client and then to eight
(bench/inbox_load.py); with --quick on PostgreSQL only.
The supervisor reports page (this month and the whole year, for the province) is rendered by the app in this process
for a signed-in supervisor (bench/reports_page.py).
The figures are those of the largest size.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.bench_scheduler import p99_ms, steps_during_pass
from bench.figures import Figures, argument_parser
from bench.inbox_load import BUSY_CLERK, inbox_under_load
from bench.province import Province
from bench.province_year import NOW, YEAR, LifeStates, dossier_rows, life_states, prepare, write
from bench.reports_page import reports_page_seconds
from bench.throwaway_databases import postgres_database, sqlite_database
from engine.db import make_engine, upgrade
from engine.dossiers.inbox import InboxFilter, my_work
from engine.dossiers.sla_states import refresh_sla_states
from engine.models import SLA_CHECK_NOW, Dossier, User
from engine.runtime import Runtime
from engine.settings import Settings
from reports.public_statistics import public_statistics
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of a few runs, in seconds (the first run also warms the caches)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def generated(engine: Engine, size: int, life: LifeStates) -> tuple[int, float | None]:
    """The province-year of `size` dossiers: generated (how many, and the seconds it took), or found in a kept
    database and brought back to how it was generated (how many, None)."""
    upgrade(engine.url.render_as_string(hide_password=False))
    with Session(engine, expire_on_commit=False) as session:
        found = session.scalar(sa.select(sa.func.count()).where(Dossier.id <= size))  # not counting steps' dossiers
        if found:
            indexes = {index["name"] for index in sa.inspect(engine).get_indexes("dossiers")}
            if found != size or "ix_dossiers_report" not in indexes:
                raise SystemExit(f"{engine.url}: a kept database of another size or an unfinished run; drop it")
            awaiting_first_pass(session)
            session.commit()
            return found, None
        catalog = prepare(session, size)
        session.commit()
    started = time.perf_counter()
    written = write(engine, dossier_rows(catalog, WorkingCalendar(), size, life))
    return written, time.perf_counter() - started


def awaiting_first_pass(session: Session | sa.Connection) -> int:
    """The running dossiers as generated, waiting for a first SLA pass (late-handover flags a pass set stay set);
    how many."""
    return session.execute(
        sa.update(Dossier)
        .where(Dossier.outcome.is_(None))
        .values(sla_state=None, first_overdue_at=None, sla_check_at=SLA_CHECK_NOW)
    ).rowcount


def steps_during_first_pass(url: str, instance_dir: Path) -> tuple[list[float], float]:
    """A reception clerk's checks while the first SLA pass over the running dossiers runs (as bench_scheduler
    measures them), at NOW; the seconds of each check and of the pass."""
    province = Province(url, instance_dir, new=False)
    try:
        province.clock.set(NOW)
        with province.runtime.engine.begin() as connection:
            running = awaiting_first_pass(connection)
        return steps_during_pass(province, max(20, running // 250))
    finally:
        province.close()


def measure(label: str, url: str, size: int, life: LifeStates) -> dict[str, float]:
    engine = make_engine(url)
    calendar = WorkingCalendar()
    try:
        written, generate = generated(engine, size, life)
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
                "sla": sla_first,
                "sla_rerun": sla_rerun,
                "report": best_of(2, lambda: build_report(session, year, calendar, NOW)),
                "inbox": best_of(5, lambda: my_work(session, clerk, NOW, calendar, InboxFilter())),
                "statistics": best_of(2, lambda: public_statistics(session, calendar, NOW)),
            }
            open_tasks = my_work(session, clerk, NOW, calendar, InboxFilter()).total
        with tempfile.TemporaryDirectory() as instance:
            pages = reports_page_seconds(url, Path(instance), ManualClock(NOW), YEAR)
        figures["page_month"], figures["page_year"] = pages["month"], pages["year"]
        if generate is not None:
            figures["generate"] = generate
        if engine.dialect.name == "sqlite":
            with tempfile.TemporaryDirectory() as instance:
                steps, seconds = steps_during_first_pass(url, Path(instance))
            figures["step_p99_ms"] = p99_ms(steps)
            print(
                f"{label}: {len(steps)} reception checks while the first SLA pass ran ({seconds:.2f} s): median "
                f"{statistics.median(steps) * 1000:.1f} ms, p99 {figures['step_p99_ms']:.1f} ms",
                flush=True,
            )
        origin = "found kept" if generate is None else f"generated in {generate:.1f} s"
        print(
            f"{label} {written:,} dossiers ({origin}, load average {os.getloadavg()[0]:.1f}): "
            f"SLA pass {figures['sla']:.2f} s (rerun {figures['sla_rerun']:.2f} s); province-year report "
            f"{figures['report']:.2f} s; busy clerk's inbox ({open_tasks} open tasks) "
            f"{figures['inbox'] * 1000:.1f} ms; public statistics {figures['statistics']:.2f} s; reports page "
            f"{figures['page_month']:.2f} s (this month), {figures['page_year']:.2f} s (the year)",
            flush=True,
        )
        return figures
    finally:
        engine.dispose()


def served_inbox(label: str, url: str, figures: Figures, seconds: float) -> None:
    """The busy clerk's inbox page from a real server with one web process per core (as docs/deployment.md serves a
    province), one client against eight."""
    with tempfile.TemporaryDirectory() as instance:
        one, eight = inbox_under_load(url, Path(instance), BUSY_CLERK, seconds, workers=os.cpu_count() or 1)
    for result in (one, eight):
        print(
            f"{label} inbox page served, {result.clients} client(s): {result.per_second:.1f} req/s, "
            f"p50 {result.median_ms:.0f} ms, p99 {result.p99_ms:.0f} ms"
        )
    suffix = "" if label == "PostgreSQL" else f"_{label.lower()}"
    figures.add(f"inbox_c8_over_c1{suffix}", eight.per_second / one.per_second)
    figures.add(f"inbox_p99_ms_c8{suffix}", eight.p99_ms)


def main(argv: list[str] | None = None) -> Figures:
    parser = argument_parser(__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="dossiers a year (default 100000 1000000, quick 3000)")
    arguments = parser.parse_args(argv)
    sizes = arguments.sizes or ([3_000] if arguments.quick else [100_000, 1_000_000])
    seconds = 2.0 if arguments.quick else 15.0
    wanted = os.environ.get("MOTCUA_BENCH_DATABASES", "sqlite,postgresql").split(",")
    life = life_states()
    figures = Figures()
    for label, database in (("SQLite", sqlite_database), ("PostgreSQL", postgres_database)):
        name = label.lower()
        if name not in wanted:
            figures.skip(f"year_report_s_{name}", "MOTCUA_BENCH_DATABASES")
            continue
        results = {}
        for size in sorted(sizes):
            with database(kept=f"year_{size}") as url:
                if url is None:
                    break
                results[size] = measure(label, url, size, life)
                if size == min(sizes) and (name == "postgresql" or not arguments.quick):
                    served_inbox(label, url, figures, seconds)
        if not results:
            figures.skip(f"year_report_s_{name}", "no PostgreSQL server")
            continue
        largest = results[max(results)]
        figures.add(f"year_report_s_{name}", largest["report"])
        figures.add(f"province_sla_pass_first_s_{name}", largest["sla"])
        figures.add(f"inbox_query_ms_{name}", largest["inbox"] * 1000)
        figures.add(f"reports_page_s_{name}", largest["page_month"])
        figures.add(f"reports_year_page_s_{name}", largest["page_year"])
        if "step_p99_ms" in largest:
            figures.add(f"province_step_p99_ms_during_sla_pass_{name}", largest["step_p99_ms"])
        if "generate" in largest:
            figures.add(f"province_year_generate_s_{name}", largest["generate"])
        if len(results) >= 2:
            small, large = results[min(results)], results[max(results)]
            print(
                f"{label} ratio {max(results):,} / {min(results):,} dossiers: SLA pass "
                f"{large['sla'] / small['sla']:.2f}x, report "
                f"{large['report'] / small['report']:.2f}x, inbox {large['inbox'] / small['inbox']:.2f}x "
                f"(target within 1.5x), public statistics {large['statistics'] / small['statistics']:.2f}x"
            )
    figures.skip("inbox_c8_over_c1", "measured on PostgreSQL, which did not run")
    figures.print()
    return figures


if __name__ == "__main__":
    main()
