"""The province-year generator of bench/ loads in bulk and leaves the database as the services would: every index
and foreign key back, finished dossiers settled (no SLA pass looks at them), the running ones waiting for the first
pass."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.province_year import NOW, dossier_rows, life_states, prepare, write
from engine.db import make_engine
from engine.dossiers.sla_states import refresh_sla_states
from engine.models import SLA_CHECK_NOW, Dossier, SlaState
from engine.runtime import Runtime
from engine.settings import Settings
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

SIZE = 400


@pytest.fixture(scope="module")
def life():
    return life_states()


def _indexes(engine: sa.Engine) -> dict[str, list]:
    """The indexes and foreign keys of the loaded tables."""
    inspector = sa.inspect(engine)
    tables = ("dossiers", "workflow_instances", "tasks", "dossier_pauses")
    indexes = {table: sorted(index["name"] for index in inspector.get_indexes(table)) for table in tables}
    foreign_keys = {
        f"{table} foreign keys": sorted(str(key["name"]) for key in inspector.get_foreign_keys(table))
        for table in tables
    }
    return indexes | foreign_keys


def test_a_generated_year_keeps_its_keys_and_settles_finished_dossiers(db_url: str, tmp_path: Path, life) -> None:
    engine = make_engine(db_url)
    try:
        before = _indexes(engine)
        with Session(engine, expire_on_commit=False) as session:
            catalog = prepare(session, SIZE)
            session.commit()
        assert write(engine, dossier_rows(catalog, WorkingCalendar(), SIZE, life)) == SIZE
        assert _indexes(engine) == before
        with engine.connect() as connection:
            rows = connection.execute(sa.select(Dossier.outcome, Dossier.sla_check_at, Dossier.sla_state)).all()
        running = [row for row in rows if row.outcome is None]
        assert 0 < len(running) < SIZE
        assert {row.sla_check_at for row in running} == {SLA_CHECK_NOW}
        finished = [row for row in rows if row.outcome is not None]
        assert {row.sla_check_at for row in finished} == {None}
        assert {row.sla_state for row in finished if row.outcome in ("granted", "refused")} <= {
            SlaState.ON_TIME,
            SlaState.OVERDUE,
        }
    finally:
        engine.dispose()
    runtime = Runtime.start(Settings(tmp_path / "instance", db_url, "test"), ManualClock(NOW))
    try:
        assert refresh_sla_states(runtime).checked == len(running)
    finally:
        runtime.close()


@pytest.mark.postgresql
def test_a_batch_of_the_sla_pass_reads_its_dossiers_by_key(postgres_server, tmp_path: Path, life) -> None:
    """Not by scanning every dossier once per batch, which made a first pass grow with the square of the running
    dossiers: the plan of each statement of a batch, on 30,000 dossiers all due for the pass (copies of a generated
    year's), which PostgreSQL has analyzed."""
    name = postgres_server.new_database(None)
    url = postgres_server.url_of(name)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            catalog = prepare(session, SIZE)
            session.commit()
        write(engine, dossier_rows(catalog, WorkingCalendar(), SIZE, life))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(_copies(Dossier.__table__, 30_000 // SIZE - 1))
            connection.execute(sa.update(Dossier).values(sla_check_at=SLA_CHECK_NOW))  # every one due, as after a load
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    runtime = Runtime.start(Settings(tmp_path / "instance", url, "test"), ManualClock(NOW))
    plans: list[str] = []

    def explain(_connection, cursor, statement, parameters, *_args) -> None:
        if statement.startswith("WITH sla_inputs"):
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    sa.event.listen(runtime.engine, "before_cursor_execute", explain)
    try:
        assert refresh_sla_states(runtime, max_batches=1).checked > 0
    finally:
        runtime.close()
        postgres_server.drop(name)
    assert len(plans) == 2  # the batch's counts and its UPDATE
    assert not [plan for plan in plans if "Seq Scan on dossiers" in plan], plans


def _copies(table: sa.Table, times: int) -> sa.Insert:
    """`times` copies of every row of the table (of dossiers), each with its own id and code."""
    copy = sa.func.generate_series(1, times).table_valued("n").render_derived()
    offset = copy.c.n * (sa.select(sa.func.max(table.c.id)).scalar_subquery())
    values = [
        (
            column + offset
            if column.key == "id"
            else column + "-" + sa.cast(copy.c.n, sa.String)
            if column.key == "code"
            else column
        ).label(column.key)
        for column in table.c
    ]
    return sa.insert(table).from_select(
        list(table.c.keys()), sa.select(*values).select_from(table).join(copy, sa.true())
    )
