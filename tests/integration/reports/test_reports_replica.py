"""MOTCUA_REPORTS_DATABASE_URL: reports read from a replica (here a copy of the database taken at one moment),
through sessions that cannot write; everything else keeps working on the database itself."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from engine.models import Dossier
from engine.runtime import Runtime
from engine.settings import Settings
from reports.measures import Metric
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from sla.deadlines import Timeliness
from tests.e2e.conftest import sign_in
from tests.known_dossiers import load_known_dossiers
from webapp import create_app

OCTOBER = ReportScope(Period.of(PeriodKind.MONTH, 2026, 10))


@pytest.fixture
def replica(request, runtime, db_url, tmp_path) -> Iterator[str]:
    """A copy of the database holding the known dossiers; then the database itself moves on: A03, resolved late,
    is marked early there only."""
    load_known_dossiers(runtime)
    runtime.engine.dispose()
    if db_url.startswith("sqlite"):
        source, copy = sqlite3.connect(db_url.removeprefix("sqlite:///")), sqlite3.connect(tmp_path / "replica.sqlite3")
        source.backup(copy)
        source.close(), copy.close()
        url = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    else:
        server, name = request.getfixturevalue("postgres_server"), make_url(db_url).database
        server.execute(f'CREATE DATABASE "{name}_replica" TEMPLATE "{name}"')
        url = server.url_of(f"{name}_replica")
    with runtime.unit_of_work() as uow:
        uow.session.execute(update(Dossier).where(Dossier.code.endswith("A03")).values(timeliness=Timeliness.EARLY))
        uow.commit()
    yield url
    if not db_url.startswith("sqlite"):
        server.drop(f"{name}_replica")


@pytest.fixture
def replicated(settings: Settings, replica: str) -> Settings:
    return dataclasses.replace(settings, reports_database_url=replica)


def test_reports_read_the_replica_and_cannot_write_there(replicated, calendar, clock):
    reading = Runtime.start(replicated, clock)
    try:
        with reading.reports_unit_of_work() as uow:
            assert build_report(uow.session, OCTOBER, calendar, clock.now()).total.counts[Metric.RESOLVED_LATE] == 1
            with pytest.raises(DBAPIError):
                uow.session.execute(update(Dossier).values(apology_count=1))
        with reading.unit_of_work() as uow:
            assert build_report(uow.session, OCTOBER, calendar, clock.now()).total.counts[Metric.RESOLVED_LATE] == 0
    finally:
        reading.close()


def test_the_reports_page_shows_the_replicas_figures(replicated, settings, clock):
    october = "/reports?period=month&year=2026&number=10"
    for current, rate in ((replicated, "83,3 %"), (settings, "100,0 %")):
        app = create_app(current, clock=clock, TESTING=True)
        client = app.test_client()
        sign_in(client, "giamsat")
        assert rate in client.get(october).get_data(as_text=True)
        app.extensions["motcua"].close()


def test_the_setting_comes_from_the_environment(tmp_path):
    environment = {"MOTCUA_INSTANCE_DIR": str(tmp_path), "MOTCUA_SECRET_KEY": "test-secret"}
    replica = "postgresql+psycopg://reports@replica/motcua"
    assert Settings.from_env(environment | {"MOTCUA_REPORTS_DATABASE_URL": replica}).reports_database_url == replica
    assert Settings.from_env(environment).reports_database_url == ""
