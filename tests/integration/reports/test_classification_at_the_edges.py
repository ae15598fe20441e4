"""Early, on time and late at the edges, the same in the report's counts and in the list behind each count.

Every dossier is a birth registration received by the An Hòa ward on Mon 02/11/2026 08:00 and resolved in
November 2026; the due moments are the closing of the last day (17:00) or a moment kept in the day (09:00).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.demo import load_demo_data
from engine.dossiers.resolution import store_facts
from engine.models import Agency, Channel, Dossier, DossierStatus, Outcome
from reports.drilldown import dossier_list
from reports.measures import Metric
from reports.scope import Period, PeriodKind, ReportScope
from reports.sla_report import build_report
from sla.calendar import WorkingCalendar
from tests.known_dossiers import AN_HOA, at

EDGES = {  # code: (due, resolved, class)
    "E01": ("2026-11-06 17:00", "2026-11-06 17:00", Metric.RESOLVED_ON_TIME),  # at the due moment itself
    "E02": ("2026-11-06 17:00", "2026-11-06 17:30", Metric.RESOLVED_LATE),  # the due day, after its closing
    "E03": ("2026-11-06 17:00", "2026-11-05 23:59", Metric.RESOLVED_EARLY),  # the evening before the due day
    "E04": (
        "2026-11-06 17:00",
        "2026-11-06 00:00",
        Metric.RESOLVED_ON_TIME,
    ),  # local midnight (17:00 UTC the day before)
    "E05": ("2026-11-06 17:00", "2026-11-06 06:59", Metric.RESOLVED_ON_TIME),  # 23:59 UTC the day before
    "E06": ("2026-11-06 09:00", "2026-11-06 09:00", Metric.RESOLVED_ON_TIME),  # a moment kept in the day
    "E07": ("2026-11-06 09:00", "2026-11-06 09:01", Metric.RESOLVED_LATE),
    "E08": ("2026-11-09 17:00", "2026-11-07 10:00", Metric.RESOLVED_EARLY),  # a Saturday before a Monday due day
}


@pytest.fixture
def edges(runtime, clock):
    with runtime.unit_of_work() as uow:
        session = uow.session
        now = clock.now()
        load_demo_data(session, now)
        unit = session.scalar(select(Agency).where(Agency.code == AN_HOA))
        version = current_version(session, "birth_registration", now.date())
        for code, (due, resolved, _) in EDGES.items():
            dossier = Dossier(
                code=f"000.01.10.H99-26{code}",
                procedure_version=version,
                rule_set="nd118-2025",
                channel=Channel.COUNTER,
                status=DossierStatus.RESULT_RETURNED,
                receiving_unit=unit,
                resolving_agency=unit,
                applicant_name=f"Người nộp {code}",
                submitted_at=at("2026-11-02 08:00"),
                received_at=at("2026-11-02 08:00"),
                due_at=at(due),
                resolved_at=at(resolved),
                updated_at=at(resolved),
                outcome=Outcome.GRANTED,
            )
            store_facts(dossier, WorkingCalendar())  # as the step that resolves a dossier stores them
            session.add(dossier)
        uow.commit()
    with runtime.unit_of_work() as uow:
        yield uow.session


def test_each_edge_falls_in_its_class_in_the_counts_and_the_lists(edges, clock):
    calendar = WorkingCalendar()
    scope = ReportScope(Period.of(PeriodKind.MONTH, 2026, 11))
    counts = build_report(edges, scope, calendar, clock.now()).total.counts
    expected = {metric: sum(1 for *_, m in EDGES.values() if m is metric) for metric in {m for *_, m in EDGES.values()}}
    assert (
        {metric: counts[metric] for metric in expected}
        == expected
        == {
            Metric.RESOLVED_EARLY: 2,
            Metric.RESOLVED_ON_TIME: 4,
            Metric.RESOLVED_LATE: 2,
        }
    )
    for metric in expected:
        listed = dossier_list(edges, scope, calendar, clock.now(), metric)
        codes = {row.code.removeprefix("000.01.10.H99-26") for row in listed.rows}
        assert codes == {code for code, (*_, m) in EDGES.items() if m is metric}, metric
