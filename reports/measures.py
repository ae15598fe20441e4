"""The report's counts as SQL conditions on dossiers, shared by the report table and its drill-down lists.

A dossier counts in a period when it was received (tiếp nhận) before the period ends and had not ended before
it began: its stored `counted_until` is not before the period's start, so a period reads one range of the report
index, never the dossiers ended earlier. At the period's end each such dossier is in exactly one state: resolved
(granted or refused), withdrawn or stopped, waiting for the applicant, or in progress. A withdrawn or stopped
dossier never changes again, so its last update is the moment it ended. Early, on time or late is the class stored
on the dossier when it was resolved (engine.dossiers.resolution).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, not_, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from engine.models import (
    ENDING_OUTCOMES,
    STILL_COUNTED,
    Channel,
    Dossier,
    DossierPause,
    Outcome,
    Procedure,
    ProcedureVersion,
)
from reports.scope import Breakdown, ReportScope, agency_and_descendants
from sla.deadlines import Timeliness


class Metric(StrEnum):
    """Every number of a report row that has a dossier list behind it."""

    RECEIVED = "received"
    CARRIED_OVER = "carried_over"
    NEW = "new"
    NEW_ONLINE = "new_online"
    NEW_COUNTER = "new_counter"
    RESOLVED = "resolved"
    RESOLVED_EARLY = "resolved_early"
    RESOLVED_ON_TIME = "resolved_on_time"
    RESOLVED_LATE = "resolved_late"
    REFUSED = "refused"
    IN_PROGRESS = "in_progress"
    IN_PROGRESS_ON_TIME = "in_progress_on_time"
    IN_PROGRESS_OVERDUE = "in_progress_overdue"
    WAITING = "waiting"
    WITHDRAWN = "withdrawn"
    LATE_HANDOVER = "late_handover"


RESOLVED_OUTCOMES = (Outcome.GRANTED, Outcome.REFUSED)


@dataclass(frozen=True)
class Window:
    """The period as moments: [start, end), and `as_of`, the earlier of its end and now (for overdue)."""

    start: datetime
    end: datetime
    as_of: datetime

    @cached_property
    def paused_at_end(self) -> Subquery:
        """The dossiers whose clock stood still at the period's end (a pause begun before it, not ended by then), each
        once: outer-joined, not a subquery per dossier, so that the database reads the pauses once."""
        return (
            select(DossierPause.dossier_id)
            .where(
                DossierPause.started_at < self.end,
                or_(DossierPause.ended_at.is_(None), DossierPause.ended_at >= self.end),
            )
            .distinct()
            .subquery("paused_at_end")
        )


def conditions(window: Window) -> dict[Metric, ColumnElement[bool]]:
    """For each metric, the condition a counted dossier meets (see the module's docstring)."""
    start, end = window.start, window.end
    # Every condition that is negated checks for NULL first: NOT (NULL) is NULL in SQL, never true.
    resolved = and_(
        Dossier.outcome.is_not(None),
        Dossier.resolved_at.is_not(None),
        Dossier.outcome.in_(RESOLVED_OUTCOMES),
        Dossier.resolved_at < end,
    )
    withdrawn = and_(Dossier.outcome.is_not(None), Dossier.outcome.in_(ENDING_OUTCOMES), Dossier.updated_at < end)
    still_open = and_(not_(resolved), not_(withdrawn))
    paused_at_end = window.paused_at_end.c.dossier_id.is_not(None)  # joined by select_counted
    waiting = and_(still_open, paused_at_end)
    in_progress = and_(still_open, not_(paused_at_end))
    overdue = and_(Dossier.due_at.is_not(None), Dossier.due_at < window.as_of)
    new = Dossier.received_at >= start
    return {
        Metric.RECEIVED: true(),
        Metric.CARRIED_OVER: Dossier.received_at < start,
        Metric.NEW: new,
        Metric.NEW_ONLINE: and_(new, Dossier.channel == Channel.ONLINE),
        Metric.NEW_COUNTER: and_(new, Dossier.channel == Channel.COUNTER),
        Metric.RESOLVED: resolved,
        Metric.RESOLVED_EARLY: and_(resolved, Dossier.timeliness == Timeliness.EARLY),
        Metric.RESOLVED_ON_TIME: and_(resolved, Dossier.timeliness == Timeliness.ON_TIME),
        Metric.RESOLVED_LATE: and_(resolved, Dossier.timeliness == Timeliness.LATE),
        Metric.REFUSED: and_(resolved, Dossier.outcome == Outcome.REFUSED),
        Metric.IN_PROGRESS: in_progress,
        Metric.IN_PROGRESS_ON_TIME: and_(in_progress, not_(overdue)),
        Metric.IN_PROGRESS_OVERDUE: and_(in_progress, overdue),
        Metric.WAITING: waiting,
        Metric.WITHDRAWN: withdrawn,
        Metric.LATE_HANDOVER: and_(
            Dossier.late_handover, Dossier.handover_due_at >= start, Dossier.handover_due_at < end
        ),
    }


def counted(window: Window) -> ColumnElement[bool]:
    """Received before the period's end and not ended before its start."""
    # Bounded on both sides, as STILL_COUNTED bounds every value: SQLite, which knows no more of a range than whether
    # it is bounded, then reads this range of the report index rather than every dossier in the agencies' order.
    return and_(
        Dossier.counted_until.between(window.start, STILL_COUNTED),
        Dossier.received_at.is_not(None),
        Dossier.received_at < window.end,
    )


def group_key(breakdown: Breakdown) -> ColumnElement:
    """The column a report row groups by."""
    return {
        Breakdown.AGENCY: Dossier.resolving_agency_id,
        Breakdown.DEPARTMENT: Dossier.department_id,
        Breakdown.PROCEDURE: Procedure.id,
        Breakdown.SECTOR: ProcedureVersion.sector,
    }[breakdown]


def scoped(session: Session, query: Select, scope: ReportScope, window: Window) -> Select:
    """The query over the dossiers a scope counts, joined to their procedure version and procedure when the scope or
    the query's columns need them (a report by agency reads the dossiers alone)."""
    catalog = {ProcedureVersion.__table__, Procedure.__table__}
    if scope.procedure_id is not None or scope.sector or catalog & set(query.get_final_froms()):
        query = query.join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id).join(
            Procedure, Procedure.id == ProcedureVersion.procedure_id
        )
    query = query.where(counted(window))
    if scope.agency_id is not None:
        query = query.where(Dossier.resolving_agency_id.in_(agency_and_descendants(session, scope.agency_id)))
    if scope.department_id is not None:
        query = query.where(Dossier.department_id == scope.department_id)
    if scope.procedure_id is not None:
        query = query.where(Procedure.id == scope.procedure_id)
    if scope.sector:
        query = query.where(ProcedureVersion.sector == scope.sector)
    return query


def in_group(scope: ReportScope, key: object) -> ColumnElement[bool]:
    """The dossiers of one report row; None is the row of dossiers without that attribute (no department)."""
    column = group_key(scope.breakdown)
    return column.is_(None) if key is None else column == key


class unordered(FunctionElement):
    """A column to group or partition by as it is, that SQLite may not read in the order of an index on it
    (`+column`): where it could, it scans every dossier in that order rather than sort the report index's range."""

    name = "unordered"
    inherit_cache = True


@compiles(unordered)
def _as_is(element: unordered, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unordered, "sqlite")
def _without_its_index(element: unordered, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def select_scoped(session: Session, scope: ReportScope, window: Window, *columns: ColumnElement) -> Select:
    """SELECT columns FROM the dossiers the scope counts."""
    return scoped(session, select(*columns).select_from(Dossier), scope, window)


def select_counted(session: Session, scope: ReportScope, window: Window, *columns: ColumnElement) -> Select:
    """SELECT columns FROM the dossiers the scope counts, with whether each was paused at the period's end."""
    paused = window.paused_at_end
    return select_scoped(session, scope, window, *columns).outerjoin(paused, paused.c.dossier_id == Dossier.id)


def total(condition: ColumnElement[bool]) -> ColumnElement:
    """How many rows of a group meet a condition, as a SUM the database computes."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
