"""The supervisor reports page as a supervisor gets it: the app in this process, signed in through its own form, the
whole page rendered (table, chart, indicators) for the province, this month and the whole year."""

from __future__ import annotations

import re
import time
from pathlib import Path

from engine.demo import DEMO_PASSWORD
from engine.settings import Settings
from sla.clock import ManualClock
from webapp import create_app

SUPERVISOR = "giamsat"
PAGES = {"month": "/reports", "year": "/reports?period=year&year={year}"}


def reports_page_seconds(url: str, instance_dir: Path, now: ManualClock, year: int, runs: int = 3) -> dict[str, float]:
    """The fastest of `runs` answers of each page (the first also warms the caches), in seconds."""
    settings = Settings(instance_dir, url, "bench-secret", environment="development")
    app = create_app(settings, clock=now)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    answer = client.post("/login", data={"login": SUPERVISOR, "password": DEMO_PASSWORD, "csrf_token": token.group(1)})
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as {SUPERVISOR} answered {answer.status_code}")
    timings = {}
    for name, path in PAGES.items():
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            answer = client.get(path.format(year=year))
            best = min(best, time.perf_counter() - started)
            if answer.status_code != 200:
                raise RuntimeError(f"{path} answered {answer.status_code}")
        timings[name] = best
    app.extensions["motcua"].close()
    return timings
