"""/metrics in Prometheus's text format, for whoever holds the bearer token MOTCUA_METRICS_TOKEN (without one the
endpoint is off): requests and latencies by route and status, dossier steps, and figures read from the database at
each scrape (notices, backups, dossiers due today and overdue, job runs) and the disks.

`motcua web` serves with waitress, one process of many threads, so this process's registry is the whole picture;
with `--workers N` each gunicorn worker keeps its own request counts, and an answer gives the answering worker's
(the figures read from the database are whole in every answer). The scheduler's own steps (timers it fires) are
counted in its process, which serves no /metrics, and show instead in the job runs' figures.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import datetime

from flask import Blueprint, Flask, Response, abort, current_app, request
from flask.typing import ResponseReturnValue
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from sqlalchemy.exc import SQLAlchemyError

from engine.operations.figures import Figures, disks, figures
from engine.operations.step_counts import STEPS_COMPLETED
from engine.runtime import Runtime
from webapp.request_log import elapsed, route

bp = Blueprint("metrics", __name__)
REGISTRY = "motcua_metrics"


class Requests:
    """The request counter and latency histogram of one app."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.count = Counter(
            "motcua_http_requests",
            "Requests answered, by route and status",
            ["route", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "motcua_http_request_duration_seconds",
            "Time to answer a request, by route",
            ["route", "method"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=registry,
        )

    def observe(self, response: Response) -> Response:
        self.count.labels(route(), request.method, str(response.status_code)).inc()
        self.latency.labels(route(), request.method).observe(elapsed())
        return response


class DatabaseFigures:
    """Gauges read from the database at each scrape; `motcua_database_up` 0 (and no other figure) when it is down."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("motcua_database_up", "1 when the database answered this scrape")
        try:
            with self.runtime.engine.connect() as connection:
                found = figures(self.runtime, connection)
        except SQLAlchemyError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from _figures(found)
        free = GaugeMetricFamily("motcua_disk_free_bytes", "Free bytes on the disk of a folder", labels=["folder"])
        total = GaugeMetricFamily("motcua_disk_total_bytes", "Size of the disk of a folder", labels=["folder"])
        for disk in disks(self.runtime):
            free.add_metric([disk.name], disk.free)
            total.add_metric([disk.name], disk.total)
        yield free
        yield total


def _figures(found: Figures) -> Iterator[Metric]:
    at = found.at
    outbox = GaugeMetricFamily("motcua_outbox_messages", "Notices not sent yet, and failed for good", labels=["state"])
    for state, count in found.outbox.items():
        outbox.add_metric([state], count)
    yield outbox
    yield _age(
        "motcua_outbox_oldest_unsent_age", "Age of the oldest notice waiting to be sent", found.oldest_unsent, found.at
    )
    yield _age(
        "motcua_backup_last_success_age", "Time since the last successful backup finished", found.last_backup, found.at
    )
    yield GaugeMetricFamily("motcua_dossiers_due_today", "Running dossiers due today", value=found.dossiers_due_today)
    yield GaugeMetricFamily(
        "motcua_dossiers_overdue", "Running dossiers past their due moment", value=found.dossiers_overdue
    )
    failed = GaugeMetricFamily("motcua_job_last_run_failed", "1 when a job's last run failed", labels=["job"])
    since_ok = GaugeMetricFamily(
        "motcua_job_last_success_age_seconds", "Time since a job last ran successfully", labels=["job"]
    )
    for job in found.jobs:
        failed.add_metric([job.job], int(job.last_outcome == "failed"))
        if job.last_ok is not None:
            since_ok.add_metric([job.job], (at - job.last_ok).total_seconds())
    yield failed
    yield since_ok


def _age(name: str, documentation: str, moment: datetime | None, at: datetime) -> GaugeMetricFamily:
    """The age of a moment in seconds; no sample when there is none (nothing waiting, no backup yet)."""
    gauge = GaugeMetricFamily(name, documentation, unit="seconds")
    if moment is not None:
        gauge.add_metric([], (at - moment).total_seconds())
    return gauge


def init_app(app: Flask) -> None:
    registry = CollectorRegistry()
    requests = Requests(registry)
    registry.register(STEPS_COMPLETED)
    registry.register(DatabaseFigures(app.extensions["motcua"]))
    ProcessCollector(registry=registry)
    app.extensions[REGISTRY] = registry
    app.after_request(requests.observe)
    app.register_blueprint(bp)


@bp.route("/metrics")
def metrics() -> ResponseReturnValue:
    token = current_app.extensions["motcua"].settings.monitoring.metrics_token
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response("unauthorized\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'}, mimetype="text/plain")
    return Response(generate_latest(current_app.extensions[REGISTRY]), mimetype=CONTENT_TYPE_LATEST)
