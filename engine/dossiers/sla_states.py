"""The SLA pass: on time, due soon, overdue and late handover, for the dossiers whose next-change moment has come.

Each dossier carries `sla_check_at`, the next moment its state can change by the clock alone; a step that moves a
running dossier's deadline, status or pause sets it to "now" (`SLA_CHECK_NOW`), and the step that ends a dossier
settles its state and clears it (engine.models.dossiers), so that no pass looks at a finished one. The pass takes the
dossiers whose moment has come in bounded batches along that index, so a pass costs as much as what is due, not as
the database grows. Each batch is
one set-based UPDATE in its own short transaction (a clerk's step never waits long for SQLite's write lock) that
computes every column from the row itself: the state, the first overdue moment, the late-handover flag and the next
moment. The minute a dossier turns due soon depends on the working calendar, so the pass computes the due-soon rule's
threshold at each minute of the next day, as far as the batches need it, into a temporary table the UPDATE looks up
(`DueSoonStarts`). Every moment the pass writes lies after its `now`, so it never takes a dossier twice, and a pass
killed half-way leaves the rest for the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CTE,
    Column,
    ColumnElement,
    Connection,
    FunctionElement,
    Index,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from engine.models import Channel, Dossier, DossierPause, ProcedureVersion, SlaState
from engine.models.base import UTCDateTime, text_enum
from engine.models.dossiers import RESOLVED, RUNNING
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar
from sla.due_soon import DueSoonRule, DueSoonStarts

BATCH = 1_000
"""Dossiers per batch: one set-based UPDATE of this many rows holds SQLite's write lock for a few milliseconds."""

_PAUSED = exists().where(DossierPause.dossier_id == Dossier.id, DossierPause.ended_at.is_(None))
_NEVER = datetime(9999, 12, 31, tzinfo=UTC)
_COUNTS = ("checked", "running", "resolved", "first_overdue", "late_handovers")

_GRID = Table(
    "sla_due_soon_grid",
    MetaData(),
    Column("procedure_version_id", Integer),  # with the channel, the key of a share rule; both NULL for a lead
    Column("channel", text_enum(Channel)),
    Column("minute", UTCDateTime()),
    Column("threshold", UTCDateTime()),  # dossiers due at or before it are due soon from `minute` on
    Index("ix_sla_due_soon_grid", "procedure_version_id", "channel", "threshold", "minute"),
    prefixes=["TEMPORARY"],
)
"""The due-soon grid of one pass, on the pass's own connection."""


@dataclass(frozen=True)
class SlaRefresh:
    """What one pass did: the dossiers it looked at, and how many of them changed in each way."""

    checked: int
    running: int
    resolved: int
    first_overdue: int
    late_handovers: int


def running_dossiers() -> ColumnElement[bool]:
    """Dossiers being handled with a due moment, whose clock is not paused (waiting for the applicant)."""
    return and_(Dossier.status.in_(RUNNING), Dossier.due_at.is_not(None), ~_PAUSED)


def refresh_sla_states(runtime: Runtime, *, batch: int = BATCH, max_batches: int | None = None) -> SlaRefresh:
    """Bring every dossier whose next-change moment has come up to now: its SLA state (a paused dossier keeps its
    own; a resolved one is on time or overdue by when it was resolved), its first overdue moment, its late-handover
    flag and its next-change moment. With `max_batches`, the rest waits for the next pass."""
    now = runtime.clock.now()
    with runtime.unit_of_work() as uow:
        calendar = runtime.calendar(uow.session)
    totals = dict.fromkeys(_COUNTS, 0)
    batches = 0
    with runtime.engine.connect() as connection, _grid_table(connection):
        grid = _DueSoonGrid(runtime, calendar, now)
        while max_batches is None or batches < max_batches:
            batches += 1
            # The batch, read along the next-change index alone (a filter on status would let a database sort them
            # all); a subquery, so that each statement takes it afresh rather than a list of ids.
            chosen = Dossier.id.in_(
                select(Dossier.id).where(Dossier.sla_check_at <= now).order_by(Dossier.sla_check_at).limit(batch)
            )
            with _batch_transaction(connection):  # reads only: SQLite's write lock is taken by the UPDATE alone
                grid.cover(connection, chosen)
                inputs = _inputs(chosen, grid)
                taken, counts = _changes(connection, inputs, now)
            if not taken:
                break
            with _batch_transaction(connection):
                counts["checked"] = _write(connection, inputs, now)
            for key, count in counts.items():
                totals[key] += count
            if counts["checked"] == 0 or taken < batch:
                break  # the rest is left to the next pass: steps took every dossier of this batch first, or none remain
    return SlaRefresh(**totals)


@contextmanager
def _batch_transaction(connection: Connection) -> Iterator[None]:
    """A transaction of one batch. On PostgreSQL its plans price an index lookup as on a database held in memory or on
    SSD: with the default price (a spinning disk's) the planner joined the batch's thousand dossiers to the whole
    table by scanning it, once per batch, so that a first pass over 100,000 running dossiers grew with their square
    (20 s, a batch 5 times slower than with lookups by key)."""
    with connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL random_page_cost = 1.1")
        yield


@contextmanager
def _grid_table(connection: Connection) -> Iterator[None]:
    """The pass's temporary due-soon grid, dropped when it ends (the connection goes back to the pool)."""
    with connection.begin():
        _GRID.drop(connection, checkfirst=True)  # left by a pass that died with its connection still pooled
        _GRID.create(connection)
    try:
        yield
    finally:
        with connection.begin():
            _GRID.drop(connection)


def _inputs(chosen: ColumnElement[bool], grid: _DueSoonGrid) -> CTE:
    """What the batch's new columns need beyond the row, computed once per dossier: its version as read, whether it
    waits for the applicant, and the minute it turns due soon (`now` when it is already)."""
    return (
        select(Dossier.id, Dossier.version, _PAUSED.label("paused"), grid.starts().label("starts"))
        .where(chosen)
        .cte("sla_inputs")
        .prefix_with("MATERIALIZED")
    )


def _new_columns(inputs: CTE, now: datetime) -> dict[str, ColumnElement[Any]]:
    """A dossier's SLA columns as of `now`, computed from its own row and its inputs."""
    running = Dossier.status.in_(RUNNING)
    clocked = and_(running, Dossier.due_at.is_not(None), ~inputs.c.paused)
    starts = inputs.c.starts
    state = case(
        (
            and_(Dossier.status.in_(RESOLVED), Dossier.due_at.is_not(None), Dossier.resolved_at.is_not(None)),
            case((Dossier.resolved_at > Dossier.due_at, SlaState.OVERDUE.value), else_=SlaState.ON_TIME.value),
        ),
        (~clocked, Dossier.sla_state),
        (Dossier.due_at < now, SlaState.OVERDUE.value),  # at the due moment itself it is still on time
        (starts == now, SlaState.DUE_SOON.value),
        else_=SlaState.ON_TIME.value,
    )
    due_moment = case(
        (or_(~clocked, Dossier.due_at < now), None),
        (starts == now, _JustAfter(Dossier.due_at)),
        else_=starts,
    )
    handover_moment = case(
        (
            and_(running, ~Dossier.late_handover, Dossier.handed_over_at.is_(None), Dossier.handover_due_at >= now),
            _JustAfter(Dossier.handover_due_at),
        ),
    )
    late = or_(
        Dossier.late_handover,
        and_(
            Dossier.handover_due_at.is_not(None),
            case(
                (Dossier.handed_over_at.is_not(None), Dossier.handed_over_at > Dossier.handover_due_at),
                else_=and_(running, Dossier.handover_due_at < now),
            ),
        ),
    )
    return {
        "sla_state": state,
        "first_overdue_at": func.coalesce(
            Dossier.first_overdue_at, case((state == SlaState.OVERDUE.value, Dossier.due_at))
        ),
        "late_handover": late,
        "sla_check_at": _Earliest(
            func.coalesce(due_moment, handover_moment), func.coalesce(handover_moment, due_moment)
        ),
    }


def _changes(connection: Connection, inputs: CTE, now: datetime) -> tuple[int, dict[str, int]]:
    """How many dossiers the batch holds, and how many of them the UPDATE will change in each way, read just
    before it."""
    columns = _new_columns(inputs, now)
    moved = columns["sla_state"].is_distinct_from(Dossier.sla_state)
    row = connection.execute(
        select(
            func.count(),
            func.count().filter(moved, Dossier.status.in_(RUNNING)),
            func.count().filter(moved, Dossier.status.in_(RESOLVED)),
            func.count().filter(Dossier.first_overdue_at.is_(None), columns["first_overdue_at"].is_not(None)),
            func.count().filter(~Dossier.late_handover, columns["late_handover"]),
        )
        .select_from(Dossier)
        .join(inputs, inputs.c.id == Dossier.id)
    ).one()
    return row[0], dict(zip(_COUNTS, (0, *row[1:]), strict=True))


def _write(connection: Connection, inputs: CTE, now: datetime) -> int:
    """One UPDATE of the batch; the number of dossiers written. A running dossier whose grid the batch lacks (a step
    moved it meanwhile) stays due for the next batch; on PostgreSQL, so does one a step commits while the UPDATE runs
    (its version differs from the one the statement read)."""
    statement = (
        update(Dossier)
        .where(
            Dossier.id == inputs.c.id,
            Dossier.version == inputs.c.version,
            Dossier.sla_check_at <= now,
            or_(~Dossier.status.in_(RUNNING), Dossier.due_at.is_(None), inputs.c.paused, inputs.c.starts.is_not(None)),
        )
        .values(**_new_columns(inputs, now))
        .returning(Dossier.id)  # the driver counts no rows for an UPDATE that starts WITH
    )
    return len(connection.execute(statement).all())


class _DueSoonGrid:
    """The due-soon rule as of one pass: per procedure version and channel when the rule is a share of the
    processing time, else one grid; written to the temporary table as far as the batches' due moments need it, with
    a last row (threshold never) whose minute is the grid's `beyond`."""

    def __init__(self, runtime: Runtime, calendar: WorkingCalendar, now: datetime) -> None:
        self.runtime, self.calendar, self.now = runtime, calendar, now
        self.rule: DueSoonRule = runtime.settings.sla_due_soon
        self._starts: dict[tuple[int | None, Channel | None], DueSoonStarts] = {}

    def starts(self) -> ColumnElement[Any]:
        """The first grid minute from which the dossier is due soon: `now` if it is already, else a later one."""
        if self.rule.share is None:
            key = and_(_GRID.c.procedure_version_id.is_(None), _GRID.c.channel.is_(None))
        else:
            key = and_(_GRID.c.procedure_version_id == Dossier.procedure_version_id, _GRID.c.channel == Dossier.channel)
        return (
            select(_GRID.c.minute)
            .where(key, _GRID.c.threshold >= Dossier.due_at)
            .order_by(_GRID.c.threshold, _GRID.c.minute)
            .limit(1)
            .scalar_subquery()
        )

    def cover(self, connection: Connection, chosen: ColumnElement[bool]) -> None:
        """Extend the grid to the latest due moment of the chosen running dossiers, per key."""
        keys = (Dossier.procedure_version_id, Dossier.channel) if self.rule.share is not None else ()
        latest = connection.execute(
            select(*keys, func.max(Dossier.due_at)).where(chosen, running_dossiers()).group_by(*keys)
        ).all()
        rows: list[dict[str, Any]] = []
        for *found, due in latest:
            if due is None:
                continue
            key = (found[0], found[1]) if found else (None, None)
            starts = self._starts.get(key)
            fresh = starts is None
            if starts is None:
                starts = self._starts[key] = self._new(key)
            added = starts.extend(due)
            if fresh and starts.first != self.now:  # `now` itself, between two whole minutes
                added.insert(0, (self.now, self.rule.threshold(self.calendar, self.now, starts.processing_time)))
            elif not added:
                continue
            if not fresh:
                connection.execute(_GRID.delete().where(*self._key(key), _GRID.c.threshold == _NEVER))
            rows += [self._row(key, minute, threshold) for minute, threshold in (*added, (starts.beyond, _NEVER))]
        if rows:
            connection.execute(insert(_GRID), rows)

    def _new(self, key: tuple[int | None, Channel | None]) -> DueSoonStarts:
        time = None
        if key[0] is not None:
            with self.runtime.unit_of_work() as uow:
                time = uow.session.get_one(ProcedureVersion, key[0]).processing_time(key[1])
        return DueSoonStarts(self.rule, self.calendar, self.now, time)

    @staticmethod
    def _key(key: tuple[int | None, Channel | None]) -> tuple[ColumnElement[bool], ...]:
        if key[0] is None:
            return (_GRID.c.procedure_version_id.is_(None),)
        return (_GRID.c.procedure_version_id == key[0], _GRID.c.channel == key[1])

    @staticmethod
    def _row(key: tuple[int | None, Channel | None], minute: datetime, threshold: datetime) -> dict[str, Any]:
        return {"procedure_version_id": key[0], "channel": key[1], "minute": minute, "threshold": threshold}


class _Moment(FunctionElement[datetime]):
    """A moment computed in SQL, written per dialect: `{x}` stands for the arguments."""

    type = UTCDateTime()
    inherit_cache = True
    sql: ClassVar[dict[str, str]]


class _JustAfter(_Moment):
    """A moment plus one microsecond: the first moment at which what happens "after" it has happened. On SQLite, on
    SQLAlchemy's text form `YYYY-MM-DD HH:MM:SS.ffffff` (SQLite's own functions keep milliseconds)."""

    inherit_cache = True
    sql: ClassVar[dict[str, str]] = {
        "postgresql": "({x} + INTERVAL '1 microsecond')",
        "sqlite": "CASE substr({x}, 21, 6) WHEN '999999' THEN strftime('%Y-%m-%d %H:%M:%S.000000', {x}, '+1 seconds') "
        "ELSE substr({x}, 1, 20) || printf('%06d', CAST(substr({x}, 21, 6) AS INTEGER) + 1) END",
    }


class _Earliest(_Moment):
    """The earlier of two moments, NULL only when both are."""

    inherit_cache = True
    sql: ClassVar[dict[str, str]] = {"postgresql": "LEAST({x})", "sqlite": "min({x})"}


@compiles(_Moment)
def _moment(element: _Moment, compiler: SQLCompiler, **kw: Any) -> str:
    return element.sql[compiler.dialect.name].format(x=compiler.process(element.clauses, **kw))
