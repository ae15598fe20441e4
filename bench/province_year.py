"""A synthetic province-year of dossiers, written with bulk inserts (executemany on SQLite, COPY on PostgreSQL).

The mix follows a commune-heavy province: certified copies and civil status at the communes, business and land
at provincial agencies; about half online; most resolved early or on time, some late, refused, withdrawn or
stopped; the dossiers of the last weeks still open with one open task each. The number of communes grows with
the size (about 6,000 dossiers a commune a year), so a clerk's open work stays what one desk holds while the
tables grow. Each dossier's workflow state is the one a real birth registration had at the same point of its life
(waiting for its handover, in review, waiting to return its result, completed), as `LifeStates` takes it from
bench/province.py; its next timer moved by as much as its receipt. A resolved dossier carries the working days it
used and its timeliness, as the step that resolves one stores them.
"""

from __future__ import annotations

import random
import tempfile
import uuid
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from bench.bulk_load import bulk_load
from bench.province import COMPLETED, Province, Snapshot
from engine.demo import load_demo_data
from engine.dossiers.resolution import facts
from engine.models import (
    SLA_CHECK_NOW,
    Agency,
    AgencyTier,
    Channel,
    Department,
    DossierStatus,
    Outcome,
    ProcedureVersion,
    ProcessDefinition,
    Role,
    SlaState,
)
from engine.models.dossiers import counted_until_of, final_sla_state
from sla.calendar import WorkingCalendar
from sla.deadlines import due_moment

YEAR = 2026
NOW = datetime(2026, 12, 30, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Hà Nội, near the end of the year
BUSY_UNIT = "000.01.10.H99"  # the An Hòa ward, whose clerk is the busy one
DOSSIERS_PER_COMMUNE = 6_000
BATCH = 20_000
# (procedure slug, share of dossiers, share submitted online)
MIX = (
    ("certified_copy", 0.40, 0.20),
    ("birth_registration", 0.22, 0.60),
    ("marriage_registration", 0.08, 0.50),
    ("household_business_registration", 0.10, 0.60),
    ("company_registration_llc1", 0.08, 0.95),
    ("land_transfer_registration", 0.12, 0.45),
)
DOSSIER_COLUMNS = (
    "id",
    "code",
    "version",
    "procedure_version_id",
    "rule_set",
    "channel",
    "status",
    "receiving_unit_id",
    "resolving_agency_id",
    "department_id",
    "applicant_name",
    "applicant_name_folded",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "submitted_at",
    "received_at",
    "due_at",
    "handover_due_at",
    "handed_over_at",
    "resolved_at",
    "returned_at",
    "late_handover",
    "apology_count",
    "outcome",
    "updated_at",
    "return_method",
    "result_summary",
    "result_draft",
    "working_days",
    "timeliness",
    "counted_until",
    "sla_state",
    "first_overdue_at",
    "sla_check_at",
)
INSTANCE_COLUMNS = (
    "id",
    "version",
    "process_definition_id",
    "dossier_id",
    "state",
    "serializer_version",
    "completed",
    "updated_at",
    "next_timer_at",
)
TASK_COLUMNS = (
    "id",
    "instance_id",
    "dossier_id",
    "task_guid",
    "task_name",
    "title",
    "title_en",
    "behaviour",
    "form",
    "lane",
    "role",
    "agency_id",
    "department_id",
    "state",
    "created_at",
    "due_at",
    "completed_at",
)
PAUSE_COLUMNS = (
    "id",
    "dossier_id",
    "started_at",
    "ended_at",
    "reason",
)


@dataclass
class Catalog:
    """What the generator draws from: procedure versions, units and their departments."""

    versions: dict[str, ProcedureVersion]
    communes: list[int]
    weights: list[float]
    reception: dict[int, int]  # resolving agency -> the unit that receives its dossiers
    departments: dict[tuple[int, str], int]
    process_definition_id: int  # the birth registration's diagram, whose states every dossier carries


LifeStates = dict[str, Snapshot]
"""A real dossier's rows before each task of its life (under the task's name) and once completed."""


def life_states() -> LifeStates:
    """The rows of a birth registration run through the services, on a throw-away demo province."""
    with tempfile.TemporaryDirectory() as folder:
        province = Province(f"sqlite:///{folder}/life.sqlite3", Path(folder) / "instance")
        try:
            return province.life()
        finally:
            province.close()


def prepare(session: Session, size: int) -> Catalog:
    """The demo province, plus as many extra communes as the size calls for."""
    load_demo_data(session, NOW)
    province = session.scalar(select(Agency).where(Agency.tier == AgencyTier.PROVINCE))
    for number in range(max(0, size // DOSSIERS_PER_COMMUNE - 2)):
        session.add(
            Agency(
                code=f"000.02.{number:03d}.H99",
                name=f"Ủy ban nhân dân xã Thử Nghiệm {number + 1}",
                tier=AgencyTier.COMMUNE,
                parent=province,
                receives_dossiers=True,
            )
        )
    session.flush()
    agencies = {a.code: a for a in session.scalars(select(Agency))}
    communes = [a.id for a in agencies.values() if a.tier == AgencyTier.COMMUNE]
    centre = agencies["000.00.01.H99"].id
    versions = {
        v.procedure.slug: v
        for v in session.scalars(select(ProcedureVersion).options(selectinload(ProcedureVersion.times)))
    }
    reception = {a.id: a.id if a.tier == AgencyTier.COMMUNE else centre for a in agencies.values()}
    departments = {(d.agency_id, d.code): d.id for d in session.scalars(select(Department))}
    return Catalog(
        versions,
        communes,
        [3.0 if a == agencies[BUSY_UNIT].id else 1.0 for a in communes],
        reception,
        departments,
        session.scalar(
            select(ProcessDefinition.id)
            .where(ProcessDefinition.process_key == versions["birth_registration"].process_key)
            .order_by(ProcessDefinition.version.desc())
            .limit(1)
        ),
    )


def received_moments(calendar: WorkingCalendar, rng: random.Random, count: int) -> list[datetime]:
    """`count` random office moments of the year before NOW, to the minute, in the order they happen.

    Every office minute is as likely as any other; in time order, as dossiers are numbered in a real database.
    """
    days = [date(YEAR, 1, 1) + timedelta(days=n) for n in range((NOW.date() - date(YEAR, 1, 1)).days)]
    intervals = [interval for day in days for interval in calendar.office_intervals(day)]
    starts = [start for start, _end in intervals]
    ends = list(accumulate(int((end - start).total_seconds() // 60) for start, end in intervals))
    moments = []
    for minute in sorted(rng.randrange(ends[-1]) for _ in range(count)):
        index = bisect_right(ends, minute)
        moments.append(starts[index] + timedelta(minutes=minute - (ends[index - 1] if index else 0)))
    return moments


def dossier_rows(
    catalog: Catalog, calendar: WorkingCalendar, size: int, life: LifeStates, seed: int = 766
) -> Iterator[dict[str, Any]]:
    """Yield the rows of one dossier at a time: the dossier, its workflow instance, its tasks and pauses."""
    rng = random.Random(seed)
    moments = iter(received_moments(calendar, rng, size))
    slugs, shares, online = zip(*MIX, strict=True)
    budgets: dict[tuple[str, Channel], Any] = {}
    drawn = {task["task_name"]: task for task in life[COMPLETED].tasks}
    pause_id = 0
    for n in range(1, size + 1):
        slug = rng.choices(slugs, weights=shares)[0]
        version = catalog.versions[slug]
        channel = Channel.ONLINE if rng.random() < online[slugs.index(slug)] else Channel.COUNTER
        agency = version.handling_agency_id or rng.choices(catalog.communes, weights=catalog.weights)[0]
        unit = catalog.reception[agency]
        department = catalog.departments.get((agency, version.department_code))
        received = next(moments)
        due = due_moment(calendar, received, budgets.setdefault((slug, channel), version.processing_time(channel)))
        fate = {"returned_at": None, **_fate(rng, received, due)}
        fate["updated_at"] = fate["updated_at"] or received
        row = dict.fromkeys(DOSSIER_COLUMNS, "")
        row.update(
            id=n,
            code=f"{unit:05d}-{YEAR % 100}{n:08d}",
            version=1,
            procedure_version_id=version.id,
            rule_set="nd118-2025",
            channel=channel.value,
            receiving_unit_id=unit,
            resolving_agency_id=agency,
            department_id=department,
            applicant_name=f"Người nộp {n}",
            applicant_name_folded=f"nguoi nop {n}",
            submitted_at=received,
            received_at=received,
            due_at=due,
            handover_due_at=received + timedelta(hours=4),
            handed_over_at=received + timedelta(hours=3),
            late_handover=rng.random() < 0.03,
            apology_count=0,
            return_method="counter",
            result_draft="{}",  # JSON text, as both bulk paths take it
            **fate,
        )
        pauses = []
        if rng.random() < 0.08:
            pause_id += 1
            started = received + (due - received) * 0.1
            waiting = row["outcome"] is None and rng.random() < 0.5
            pauses.append((pause_id, n, started, None if waiting else started + timedelta(days=2), "Bổ sung giấy tờ"))
            if waiting:
                row["status"] = int(DossierStatus.SUPPLEMENT_REQUESTED)
        row["working_days"], row["timeliness"] = None, None
        if row["resolved_at"] is not None:  # the facts the step that resolves a dossier stores
            days, met = facts(calendar, received, row["resolved_at"], due, [(p[2], p[3]) for p in pauses])
            row["working_days"], row["timeliness"] = days, met.value
        # One reception check done; then the one open step, or the signature done.
        tasks = [
            _task(2 * n - 1, n, drawn["check_completeness"], Role.RECEPTION_CLERK, unit, None, received, done=received)
        ]
        point = COMPLETED
        if row["outcome"] is None:
            name, role, at, task_due = rng.choices(
                (
                    ("hand_over", Role.RECEPTION_CLERK, unit, row["handover_due_at"]),
                    ("review", Role.SPECIALIST, agency, due - (due - received) / 3),
                ),
                weights=(1, 3),
            )[0]
            tasks.append(
                _task(2 * n, n, drawn[name], role, at, department if at == agency else None, received, task_due)
            )
            point = name
        elif row["status"] == DossierStatus.RESOLVED and row["outcome"] == Outcome.GRANTED.value:
            tasks.append(
                _task(2 * n, n, drawn["return_result"], Role.RECEPTION_CLERK, unit, None, row["resolved_at"], due)
            )
            point = "return_result"
        else:
            tasks.append(
                _task(2 * n, n, drawn["sign"], Role.AGENCY_LEADER, agency, None, received, done=row["updated_at"])
            )
        row["counted_until"] = counted_until_of(row["resolved_at"], row["outcome"], row["updated_at"])
        row.update(_sla_columns(row))
        row["status"] = int(row["status"])
        instance = _instance(n, catalog.process_definition_id, life[point], received, row["updated_at"])
        yield {
            "dossier": tuple(row[c] for c in DOSSIER_COLUMNS),
            "instance": instance,
            "tasks": tasks,
            "pauses": pauses,
        }


def _sla_columns(row: dict[str, Any]) -> dict[str, Any]:
    """As the last step left them: a running dossier waits for the next SLA pass, a finished one was settled by the
    step that ended it and no pass looks at it again."""
    if row["outcome"] is None:
        return {"sla_state": None, "first_overdue_at": None, "sla_check_at": SLA_CHECK_NOW}
    state = final_sla_state(DossierStatus(row["status"]), row["due_at"], row["resolved_at"], None)
    overdue = row["due_at"] if state is SlaState.OVERDUE else None
    return {"sla_state": None if state is None else state.value, "first_overdue_at": overdue, "sla_check_at": None}


def _instance(
    n: int, process_definition_id: int, snapshot: Snapshot, received: datetime, updated: datetime
) -> tuple[Any, ...]:
    """The workflow instance row of dossier n: the snapshot's state, its next timer moved to this receipt."""
    instance = snapshot.instance
    timer = instance["next_timer_at"]
    return (
        n,
        1,
        process_definition_id,
        n,
        instance["state"],
        instance["serializer_version"],
        instance["completed"],
        updated,
        None if timer is None else timer + (received - snapshot.received_at),
    )


def _fate(rng: random.Random, received: datetime, due: datetime) -> dict[str, Any]:
    """How the dossier ends, or that it is still open at NOW; a granted result waits a while to be collected."""
    span = due - received
    draw = rng.random()
    if draw < 0.03:
        ended = received + span / 3
        if draw < 0.02:
            return _ended(ended, Outcome.WITHDRAWN, DossierStatus.WITHDRAWN)
        return _ended(ended, Outcome.STOPPED, DossierStatus.STOPPED)
    if draw < 0.06:
        return _ended(received + span * 0.4, Outcome.REFUSED, DossierStatus.RESOLVED, resolved=True)
    if draw < 0.62:
        resolved = received + span * rng.uniform(0.2, 0.8)
    elif draw < 0.90:
        resolved = due - timedelta(minutes=rng.randrange(5, 180))
    else:
        resolved = due + timedelta(hours=rng.uniform(1, 40))
    collected = resolved + timedelta(hours=rng.expovariate(1 / 48))
    if collected <= NOW:
        return {**_ended(collected, Outcome.GRANTED, DossierStatus.RESULT_RETURNED), "resolved_at": resolved}
    return _ended(resolved, Outcome.GRANTED, DossierStatus.RESOLVED, resolved=True)


def _ended(at: datetime, outcome: Outcome, status: DossierStatus, *, resolved: bool = False) -> dict[str, Any]:
    """The columns of a dossier that ended `at`; one that ends after NOW is still open, untouched since receipt."""
    if at > NOW:
        return {"outcome": None, "status": DossierStatus.PROCESSING, "updated_at": None, "resolved_at": None}
    returned = at if status is DossierStatus.RESULT_RETURNED else None
    return {
        "outcome": outcome.value,
        "status": status,
        "updated_at": at,
        "resolved_at": at if resolved else None,
        "returned_at": returned,
    }


def _task(
    task_id: int,
    dossier_id: int,
    drawn: dict[str, Any],
    role: Role,
    agency: int,
    department: int | None,
    created: datetime,
    due: datetime | None = None,
    *,
    done: datetime | None = None,
) -> tuple[Any, ...]:
    """A task row: open with a due moment, or done at `done`; its element's names as `drawn` (a real task row)."""
    state = "open" if done is None else "done"
    guid = str(uuid.UUID(int=task_id))
    return (
        task_id,
        dossier_id,
        dossier_id,
        guid,
        drawn["task_name"],
        drawn["title"],
        drawn["title_en"],
        drawn["behaviour"],
        drawn["form"],
        drawn["lane"],
        role.value,
        agency,
        department,
        state,
        created,
        due or done,
        done,
    )


def write(engine: Engine, rows: Iterator[dict[str, Any]]) -> int:
    """Write the rows in batches with the fastest bulk path of the database (bench.bulk_load); returns how many
    dossiers."""
    tables = (
        ("dossiers", DOSSIER_COLUMNS),
        ("workflow_instances", INSTANCE_COLUMNS),
        ("tasks", TASK_COLUMNS),
        ("dossier_pauses", PAUSE_COLUMNS),
    )
    count = 0
    postgres = engine.dialect.name == "postgresql"
    with bulk_load(engine, [table for table, _columns in tables], wide=["workflow_instances"]) as connection:
        while batch := list(islice(rows, BATCH)):
            count += len(batch)
            values = {
                "dossiers": [r["dossier"] for r in batch],
                "workflow_instances": [r["instance"] for r in batch],
                "tasks": [t for r in batch for t in r["tasks"]],
                "dossier_pauses": [p for r in batch for p in r["pauses"]],
            }
            cursor = connection.cursor()
            for table, columns in tables:
                if postgres:
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for value in values[table]:
                            copy.write_row(value)
                else:
                    marks = ", ".join("?" * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                        [tuple(map(_sqlite, value)) for value in values[table]],
                    )
            connection.commit()
    return count


def _sqlite(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite: naive UTC text for moments, 0/1 for booleans."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")  # a third faster
    if isinstance(value, bool):
        return int(value)
    return value
