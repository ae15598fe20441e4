"""Benchmark of the working calendar: run `python bench/bench_calendar.py [--quick]` (never collected by pytest)."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figures, parse_arguments
from sla.calendar import WorkingCalendar

FULL, QUICK = 100_000, 10_000
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST, LAST = datetime(2025, 1, 1, tzinfo=VN), datetime(2028, 1, 1, tzinfo=VN)


def random_moments(rng: random.Random, count: int) -> list[datetime]:
    """`count` moments spread over 2025-2027, to the minute."""
    minutes = int((LAST - FIRST) / timedelta(minutes=1))
    return [FIRST + timedelta(minutes=rng.randrange(minutes)) for _ in range(count)]


def timed(label: str, count: int, run: Callable[[], object]) -> float:
    """Microseconds per computation."""
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{count} {label}: {elapsed:.2f} s ({elapsed / count * 1e6:.1f} µs each)")
    return elapsed / count * 1e6


def main(argv: list[str] | None = None) -> Figures:
    count = QUICK if parse_arguments(__doc__.splitlines()[0], argv).quick else FULL
    figures = Figures()
    rng = random.Random(20260213)
    started = time.perf_counter()
    calendar = WorkingCalendar()
    calendar.add_working_days(FIRST, 0)
    print(f"calendar built and its first years loaded: {(time.perf_counter() - started) * 1e3:.1f} ms")

    starts = random_moments(rng, count)
    days = [rng.randint(1, 60) for _ in range(count)]
    deadline = timed(
        "deadlines (1-60 working days)",
        count,
        lambda: [calendar.add_working_days(*job) for job in zip(starts, days, strict=True)],
    )

    ends = [start + timedelta(days=rng.randint(1, 90)) for start in starts]
    pauses = [[(start + timedelta(days=2), start + timedelta(days=2 + rng.randint(1, 20)))] for start in starts]
    between = timed(
        "working_time_between with a pause",
        count,
        lambda: [calendar.working_time_between(*job) for job in zip(starts, ends, pauses, strict=True)],
    )

    figures.add("deadline_us", deadline)
    figures.add("working_time_between_us", between)
    figures.print()
    return figures


if __name__ == "__main__":
    main()
