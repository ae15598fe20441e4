"""Benchmark of the engine: full dossier lifecycles per second, statements per step, and one step as history grows.

Run `python bench/bench_lifecycle.py [--quick]` (never collected by pytest). PostgreSQL figures need a server:
MOTCUA_BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres, a role that may create
databases); without one they are skipped with the reason.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from bench.figures import Figures, parse_arguments
from bench.province import CLERK, COMPLETED, MARKING, OPENING_SIGN, PATH, START, Province, insert_copies
from bench.throwaway_databases import postgres_database
from engine.workflow.serializer import WorkflowSerializer
from workflows import DIAGRAMS_DIR


@dataclass(frozen=True)
class Sizes:
    bare_lifecycles: int
    lifecycles: int
    small_history: int
    large_history: int
    step_samples: int


FULL = Sizes(bare_lifecycles=300, lifecycles=30, small_history=10_000, large_history=200_000, step_samples=100)
# Ten lifecycles even when quick: with two, one busy moment of the machine decided the ratio.
QUICK = Sizes(bare_lifecycles=20, lifecycles=10, small_history=500, large_history=2_000, step_samples=6)
CLERK_STEPS = [name for name, login, _form in PATH if login == CLERK]


class Bare:
    """The same diagram on bare SpiffWorkflow, in memory, parsed once."""

    def __init__(self) -> None:
        parser = SpiffBpmnParser()
        parser.add_bpmn_file(str(DIAGRAMS_DIR / "one_stop.bpmn"))
        self.spec, self.subprocess_specs = parser.get_spec("one_stop"), parser.get_subprocess_specs("one_stop")

    def lifecycle(
        self, save: Callable[[BpmnWorkflow], object] | None = None, timer: Callable[[], float] = time.perf_counter
    ) -> float:
        """Seconds of one lifecycle, the same steps as PATH, as `timer` counts them; `save` is called with the
        workflow after each step (the persisted system serializes it there)."""
        started = timer()
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs)
        workflow.do_engine_steps()
        for name, _login, form in PATH:
            task = next(
                t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == name
            )
            task.data[name] = form
            task.data["handover_due"] = "2099-12-31T17:00:00+07:00"
            task.run()
            workflow.do_engine_steps()
            if save is not None:
                save(workflow)
        assert workflow.is_completed()
        return timer() - started

    def rate(self, count: int, save: Callable[[BpmnWorkflow], object] | None = None) -> float:
        """Lifecycles per second over `count` in a row."""
        return count / sum(self.lifecycle(save) for _ in range(count))


def lifecycles(
    province: Province, bare: Bare, count: int, timer: Callable[[], float] = time.perf_counter
) -> tuple[float, dict[str, list[float]]]:
    """The services' lifecycle without document rendering (the sign task's opening, which renders the result, and
    the drawing of its number and date inside the sign step left out) as a share of the bare one: the median of
    each, the two measured in turn so that both meet the same moments of a busy machine; after one lifecycle that
    warms the caches. Also the seconds of each step. `timer`
    counts wall time, or with `time.process_time` this process's CPU: what other processes take from a shared
    machine is left out then, and so is PostgreSQL's own work (it runs in its server)."""
    province.timer = timer
    province.lifecycle()
    timings: dict[str, list[float]] = {}
    bare_seconds, service_seconds = [], []
    for _ in range(count):
        bare_seconds.append(bare.lifecycle(timer=timer))
        one: dict[str, list[float]] = {}
        province.lifecycle(one)
        steps = sum(sum(seconds) for name, seconds in one.items() if name not in (OPENING_SIGN, MARKING))
        service_seconds.append(steps - sum(one.get(MARKING, [])))
        for name, seconds in one.items():
            timings.setdefault(name, []).extend(seconds)
    return statistics.median(bare_seconds) / statistics.median(service_seconds), timings


def statements_per_step(province: Province) -> int:
    """SQL statements the clerk's handover of a received dossier sends, the benchmark's own lookup left out."""
    code = province.submitted()
    province.step(code, *PATH[0])
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = province.runtime.engine
    try:
        province.step(code, *PATH[1], before=lambda: sa.event.listen(engine, "before_cursor_execute", count))
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def grow_history(province: Province, total: int) -> None:
    """Finished dossiers, copies of one that went through the services, until `total` are stored."""
    life = province.life()
    with province.runtime.engine.begin() as connection:
        for first in range(0, total, 10_000):
            numbers = range(first, min(first + 10_000, total))
            insert_copies(connection, life[COMPLETED], numbers, lambda n: START - timedelta(minutes=n))
    province.settle()


def step_seconds(province: Province) -> float:
    """Seconds of one step: completing the reception check of a fresh dossier."""
    return province.step(province.submitted(), *PATH[0])


def interleaved_medians(small: Province, large: Province, samples: int) -> tuple[float, float]:
    """Median seconds of one step on each province, the two measured in turn so that both meet the same moments
    of the machine (its disk flushing, other processes); after a warm-up of each."""
    for _ in range(5):
        step_seconds(small), step_seconds(large)
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(samples):
        timings[0].append(step_seconds(small))
        timings[1].append(step_seconds(large))
    return statistics.median(timings[0]), statistics.median(timings[1])


def run(label: str, urls: tuple[str, str], instance_dir: Path, bare: Bare, sizes: Sizes, figures: Figures) -> None:
    """Lifecycles and statements on the first database; then one step with the small history there and the large
    one in the second."""
    name = label.lower()
    small, large = Province(urls[0], instance_dir / "small"), Province(urls[1], instance_dir / "large")
    try:
        share, timings = lifecycles(small, bare, sizes.lifecycles)
        medians = {step: statistics.median(seconds) * 1000 for step, seconds in timings.items()}
        print(f"{label}: a lifecycle through the services without rendering takes {1 / share:.1f} times a bare one")
        print(f"{label}: median ms per step: " + ", ".join(f"{step} {ms:.1f}" for step, ms in medians.items()))
        figures.add(f"{name}_of_bare", share)
        clerk_median = statistics.median(s for step in CLERK_STEPS for s in timings[step])
        figures.add(f"sign_over_step{'' if name == 'sqlite' else '_' + name}", medians["sign"] / 1000 / clerk_median)
        figures.add(f"statements_per_step{'' if name == 'sqlite' else '_' + name}", statements_per_step(small))
        if name == "sqlite":  # all of SQLite's work is this process's: its CPU time is the whole cost
            share, timings = lifecycles(small, bare, sizes.lifecycles, time.process_time)
            clerk_median = statistics.median(s for step in CLERK_STEPS for s in timings[step])
            figures.add("sqlite_of_bare_cpu", share)
            figures.add("sign_over_step_cpu", statistics.median(timings["sign"]) / clerk_median)
            small.timer = time.perf_counter
        grow_history(small, sizes.small_history)
        grow_history(large, sizes.large_history)
        few, many = interleaved_medians(small, large, sizes.step_samples)
        print(
            f"{label}: one step {few * 1000:.1f} ms with {sizes.small_history:,} dossiers stored, "
            f"{many * 1000:.1f} ms with {sizes.large_history:,}"
        )
        figures.add(f"step_history_ratio_{name}", many / few)
    finally:
        small.close()
        large.close()


@contextmanager
def two_postgres_databases() -> Iterator[tuple[str, str] | None]:
    with ExitStack() as stack:
        first = stack.enter_context(postgres_database())
        second = stack.enter_context(postgres_database()) if first is not None else None
        yield (first, second) if first is not None and second is not None else None


def main(argv: list[str] | None = None) -> Figures:
    arguments = parse_arguments(__doc__.splitlines()[0], argv)
    sizes = QUICK if arguments.quick else FULL
    figures = Figures()
    bare = Bare()
    rate = bare.rate(sizes.bare_lifecycles)
    print(f"bare SpiffWorkflow in memory: {rate:.1f} lifecycles/s (same diagram, same steps)")
    serialized = bare.rate(sizes.bare_lifecycles, save=WorkflowSerializer().dumps)
    print(f"bare SpiffWorkflow, serialized after every step: {serialized / rate:.2f} of the bare rate (the ceiling)")
    figures.add("serialized_of_bare", serialized / rate)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = (f"sqlite:///{folder}/small.sqlite3", f"sqlite:///{folder}/large.sqlite3")
        run("SQLite", sqlite, Path(folder) / "sqlite", bare, sizes, figures)
        with two_postgres_databases() as urls:
            if urls is None:
                figures.skip("postgresql_of_bare", "no PostgreSQL server")
            else:
                run("PostgreSQL", urls, Path(folder) / "postgresql", bare, sizes, figures)
    figures.print()
    return figures


if __name__ == "__main__":
    main()
