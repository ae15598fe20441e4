"""Fixtures chained database -> runtime -> app -> client; every test gets a fresh database.

Tests that use `db_url` run twice, on SQLite and on PostgreSQL. PostgreSQL is found through
MOTCUA_TEST_PG_URL, or a server on 127.0.0.1:5432; without one those runs are skipped with the reason.
A test that asks for `demo` gets its fresh database and instance folder copied from a demo province loaded
once per session (loading it takes about a second; copying it, a few milliseconds).

Safe under pytest-xdist by construction: session fixtures are per process, names and folders come from uuid4 and
tmp_path_factory, servers listen on ports the kernel picks, and MOTCUA_INSTANCE_DIR is this process's own folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from engine.db import upgrade
from engine.demo import load_demo_data
from engine.dossiers.submission import Applicant, submit
from engine.models import Channel, User
from engine.runtime import Runtime
from engine.settings import Settings
from reports.results import ResultDocuments
from sla.clock import ManualClock
from tests.compiled_templates import share_compiled_templates
from tests.mail import SmtpServer
from tests.national_portal import NationalPortalStandIn
from tests.payment_platform import PaymentPlatformStandIn
from webapp import create_app

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội
DROPS_AT_ONCE = 4  # each DROP DATABASE waits for a checkpoint of the whole server; drops waiting together share one


def pytest_configure(config: pytest.Config) -> None:
    share_compiled_templates()


class PostgresServer:
    """Creates throw-away databases from one migrated template on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(admin_url)
        self.admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        self.template = f"motcua_tpl_{uuid.uuid4().hex[:10]}"
        self.demo_folder: Path | None = None
        self.dropping = ThreadPoolExecutor(DROPS_AT_ONCE, thread_name_prefix="drop-database")
        self.drops: list[Future[None]] = []
        self.execute(f'CREATE DATABASE "{self.template}"')
        upgrade(self.url_of(self.template))

    def url_of(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(sa.text(sql))

    def new_database(self, demo_instance: Path | None = None) -> str:
        """A new database from the migrated template, or, with `demo_instance`, from the demo template, whose
        instance folder (demo CA, trusted roots) is copied there."""
        name = f"motcua_t_{uuid.uuid4().hex[:12]}"
        template = self.template
        if demo_instance is not None:
            template = self._demo_template()
            shutil.copytree(self.demo_folder / "instance", demo_instance)
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def _demo_template(self) -> str:
        if self.demo_folder is None:
            self.demo_folder = Path(tempfile.mkdtemp(prefix="motcua-pg-demo-"))
            self.execute(f'CREATE DATABASE "{self.template}_demo" TEMPLATE "{self.template}"')
            load_demo(self.url_of(f"{self.template}_demo"), self.demo_folder / "instance")
        return f"{self.template}_demo"

    def drop(self, name: str) -> None:
        """Drop a database in the background: the next test starts while the server checkpoints (seconds)."""
        self.drops.append(self.dropping.submit(self.execute, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        if self.demo_folder is not None:
            self.drop(f"{self.template}_demo")
            shutil.rmtree(self.demo_folder)
        self.drop(self.template)
        self.dropping.shutdown()
        for drop in self.drops:
            drop.result()  # a database left behind fails the session
        self.admin.dispose()


def load_demo(url: str, instance_dir: Path) -> None:
    """The demo province with the leaders' certificates, loaded at START into the database at `url`."""
    settings = Settings(instance_dir=instance_dir, database_url=url, secret_key="test-secret")
    rt = Runtime.start(settings, ManualClock(START))
    try:
        with rt.unit_of_work() as uow:
            load_demo_data(uow.session, START, certificates=settings)
            uow.commit()
    finally:
        rt.close()


@pytest.fixture(scope="session", autouse=True)
def instance_of_this_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What reads MOTCUA_INSTANCE_DIR (the CLI, Settings.from_env) finds this process's own folder, never the
    checkout's instance/ (`make` exports it), shared by every xdist worker and `make demo`; nor a database the
    shell names."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MOTCUA_INSTANCE_DIR", str(tmp_path_factory.mktemp("instance")))
        env.delenv("MOTCUA_DATABASE_URL", raising=False)
        yield


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = os.environ.get("MOTCUA_TEST_PG_URL") or DEFAULT_PG_URL
    try:
        server = PostgresServer(url)
    except sa.exc.OperationalError as error:
        if os.environ.get("CI") and os.environ.get("MOTCUA_TEST_PG_URL"):
            raise  # in CI PostgreSQL must run; a skip there would hide a broken set-up
        pytest.skip(f"no PostgreSQL server at {make_url(url).render_as_string()}: {error.orig}")
    yield server
    server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "motcua.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A folder with a SQLite database holding the demo province, and the instance folder it goes with."""
    folder = tmp_path_factory.mktemp("sqlite-demo")
    shutil.copyfile(sqlite_template, folder / "motcua.sqlite3")
    load_demo(f"sqlite:///{folder / 'motcua.sqlite3'}", folder / "instance")
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database of each kind: empty, or holding the demo province when the test asks for `demo`."""
    yield from fresh_database(request, tmp_path, request.param)


def fresh_database(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Iterator[str]:
    demo = "demo" in request.fixturenames
    instance = tmp_path / "instance"  # the `settings` fixture's instance folder
    if kind == "sqlite":
        path = tmp_path / "motcua.sqlite3"
        if demo:
            source = request.getfixturevalue("sqlite_demo")
            shutil.copyfile(source / "motcua.sqlite3", path)
            shutil.copytree(source / "instance", instance)
        else:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.new_database(instance if demo else None)
    yield server.url_of(name)
    server.drop(name)


@pytest.fixture
def portal() -> Iterator[NationalPortalStandIn]:
    """The national portal's local stand-in, serving while the test runs."""
    with NationalPortalStandIn() as stand_in:
        yield stand_in


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        instance_dir=tmp_path / "instance", database_url=db_url, secret_key="test-secret", environment="development"
    )


@pytest.fixture
def payment_platform() -> Iterator[PaymentPlatformStandIn]:
    """The national payment platform's stand-in; a test module uses it by giving `settings` its address."""
    with PaymentPlatformStandIn() as stand_in:
        yield stand_in


@pytest.fixture
def runtime(settings: Settings, clock: ManualClock) -> Iterator[Runtime]:
    rt = Runtime.start(settings, clock, render_result=ResultDocuments.of(settings))
    yield rt
    rt.close()


@pytest.fixture
def app(settings: Settings, clock: ManualClock) -> Iterator[Flask]:
    app = create_app(settings, clock=clock, TESTING=True)
    yield app
    app.extensions["motcua"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def demo() -> None:
    """The demo province (agencies, staff, applicants, catalog, diagrams, leaders' certificates, loaded at START):
    asking for it makes `db_url` start the test from the session's demo template."""


@pytest.fixture
def dossier(app, demo) -> str:
    """A birth registration just submitted at the An Hòa ward's counter."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        clerk = uow.session.scalar(sa.select(User.id).where(User.username == "motcua.anhoa"))
    return submit(
        rt,
        rt.unit_of_work(),
        procedure="birth_registration",
        receiving_unit="000.01.10.H99",
        channel=Channel.COUNTER,
        actor_id=clerk,
        applicant=Applicant("Nguyễn Thị Hoa"),
    ).dossier_code


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port; `messages` holds what it accepted."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
