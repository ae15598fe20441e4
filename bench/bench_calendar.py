"""Benchmark of the working calendar: run `python bench/bench_calendar.py` (never collected by pytest)."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sla.calendar import WorkingCalendar

COUNT = 100_000
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST, LAST = datetime(2025, 1, 1, tzinfo=VN), datetime(2028, 1, 1, tzinfo=VN)


def random_moments(rng: random.Random) -> list[datetime]:
    """COUNT moments spread over 2025-2027, to the minute."""
    minutes = int((LAST - FIRST) / timedelta(minutes=1))
    return [FIRST + timedelta(minutes=rng.randrange(minutes)) for _ in range(COUNT)]


def timed(label: str, run: Callable[[], object]) -> None:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{COUNT} {label}: {elapsed:.2f} s ({elapsed / COUNT * 1e6:.1f} µs each)")


def main() -> None:
    rng = random.Random(20260213)
    started = time.perf_counter()
    calendar = WorkingCalendar()
    calendar.add_working_days(FIRST, 0)
    print(f"calendar built and its first years loaded: {(time.perf_counter() - started) * 1e3:.1f} ms")

    starts = random_moments(rng)
    days = [rng.randint(1, 60) for _ in range(COUNT)]
    timed(
        "deadlines (1-60 working days)",
        lambda: [calendar.add_working_days(*job) for job in zip(starts, days, strict=True)],
    )

    ends = [start + timedelta(days=rng.randint(1, 90)) for start in starts]
    pauses = [[(start + timedelta(days=2), start + timedelta(days=2 + rng.randint(1, 20)))] for start in starts]
    timed(
        "working_time_between with a pause",
        lambda: [calendar.working_time_between(*job) for job in zip(starts, ends, pauses, strict=True)],
    )


if __name__ == "__main__":
    main()
