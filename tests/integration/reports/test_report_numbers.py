"""The report's numbers against the hand-built dossiers, whose answers are worked out in tests/known_dossiers.py."""

from __future__ import annotations

import pytest

from reports.drilldown import dossier_list
from reports.measures import Metric
from reports.scope import Breakdown, Period, PeriodKind, ReportScope
from reports.sla_report import build_report, build_reports
from tests.integration.reports.conftest import agency_id
from tests.known_dossiers import AN_HOA, JUSTICE, OCTOBER_DAYS

OCTOBER = Period.of(PeriodKind.MONTH, 2026, 10)
AN_HOA_OCTOBER = {
    Metric.RECEIVED: 10,
    Metric.CARRIED_OVER: 2,
    Metric.NEW: 8,
    Metric.NEW_ONLINE: 4,
    Metric.NEW_COUNTER: 4,
    Metric.RESOLVED: 5,
    Metric.RESOLVED_EARLY: 2,
    Metric.RESOLVED_ON_TIME: 2,
    Metric.RESOLVED_LATE: 1,
    Metric.REFUSED: 1,
    Metric.IN_PROGRESS: 3,
    Metric.IN_PROGRESS_ON_TIME: 1,
    Metric.IN_PROGRESS_OVERDUE: 2,
    Metric.WAITING: 1,
    Metric.WITHDRAWN: 1,
    Metric.LATE_HANDOVER: 1,
}


def test_a_ward_month_counts_every_dossier_once(known, calendar, clock):
    scope = ReportScope(OCTOBER, agency_id=agency_id(known, AN_HOA))
    report = build_report(known, scope, calendar, clock.now())
    assert [row.label for row in report.rows] == ["Ủy ban nhân dân phường An Hòa"]
    row = report.rows[0]
    assert row.counts == AN_HOA_OCTOBER
    assert row.on_time_rate == pytest.approx(4 / 5)
    assert row.online_share == pytest.approx(4 / 8)
    assert row.average_days == pytest.approx(sum(OCTOBER_DAYS[c] for c in ("A01", "A02", "A03", "A04", "A05")) / 5)
    assert row.p90_days == pytest.approx(4.6875)
    states = Metric.RESOLVED, Metric.IN_PROGRESS, Metric.WAITING, Metric.WITHDRAWN
    assert sum(row.counts[m] for m in states) == row.counts[Metric.RECEIVED]


def test_the_province_has_a_row_per_agency_and_their_total(known, calendar, clock):
    report = build_report(known, ReportScope(OCTOBER), calendar, clock.now())
    by_label = {row.label: row for row in report.rows}
    justice = by_label["Sở Tư pháp"]
    assert justice.counts[Metric.NEW_COUNTER] == 1
    assert justice.counts[Metric.RESOLVED_ON_TIME] == 1
    assert justice.average_days == pytest.approx(1.8125)
    assert justice.p90_days == pytest.approx(1.8125)
    assert report.total.counts[Metric.RECEIVED] == 11
    assert report.total.counts[Metric.RESOLVED] == 6
    assert report.total.on_time_rate == pytest.approx(5 / 6)
    assert report.total.average_days == pytest.approx(sum(OCTOBER_DAYS.values()) / 6)
    assert report.total.p90_days == pytest.approx(4.6875)  # nearest rank: ceil(0.9 x 6), the 6th of the 6 sorted
    assert report.paid_online_share is None and report.satisfaction is None


def test_dossiers_without_a_department_make_one_row_apart_from_the_total(known, calendar, clock):
    report = build_report(known, ReportScope(OCTOBER, breakdown=Breakdown.DEPARTMENT), calendar, clock.now())
    (row,) = report.rows
    assert row.key is None
    expected = (pytest.approx(sum(OCTOBER_DAYS.values()) / 6), pytest.approx(4.6875))
    assert (row.average_days, row.p90_days) == expected
    assert (report.total.average_days, report.total.p90_days) == expected


def test_rows_by_sector_and_a_procedure_filter(known, calendar, clock):
    report = build_report(known, ReportScope(OCTOBER, breakdown=Breakdown.SECTOR), calendar, clock.now())
    assert {row.label: row.counts[Metric.RECEIVED] for row in report.rows} == {"Chứng thực": 1, "Hộ tịch": 10}
    by_sector = build_report(known, ReportScope(OCTOBER, sector="Chứng thực"), calendar, clock.now())
    assert by_sector.total.counts[Metric.RECEIVED] == 1
    justice = ReportScope(OCTOBER, agency_id=agency_id(known, JUSTICE), breakdown=Breakdown.PROCEDURE)
    assert [row.label.split()[0] for row in build_report(known, justice, calendar, clock.now()).rows] == ["2.000815"]


def test_september_sees_a_pause_that_ended_later_as_waiting(known, calendar, clock):
    september = ReportScope(Period.of(PeriodKind.MONTH, 2026, 9), agency_id=agency_id(known, AN_HOA))
    counts = build_report(known, september, calendar, clock.now()).total.counts
    assert counts[Metric.NEW] == 3
    assert counts[Metric.RESOLVED_EARLY] == 1
    assert counts[Metric.WAITING] == 1
    assert counts[Metric.IN_PROGRESS_ON_TIME] == 1
    assert counts[Metric.IN_PROGRESS_OVERDUE] == 0


def test_a_period_not_over_counts_overdue_up_to_now(known, calendar, clock):
    november = ReportScope(Period.of(PeriodKind.MONTH, 2026, 11), agency_id=agency_id(known, AN_HOA))
    counts = build_report(known, november, calendar, clock.now()).total.counts
    # A11 is due Fri 20/11, now is Mon 23/11: overdue already; A06 still waits; A07 and A14 stay overdue.
    assert counts[Metric.IN_PROGRESS_OVERDUE] == 3
    assert counts[Metric.WAITING] == 1
    assert counts[Metric.RESOLVED_EARLY] == 1  # A08, resolved Thu 05/11, due Tue 10/11


def test_each_number_lists_the_dossiers_behind_it(known, calendar, clock):
    scope = ReportScope(OCTOBER, agency_id=agency_id(known, AN_HOA))
    an_hoa = agency_id(known, AN_HOA)

    def codes(metric: Metric) -> list[str]:
        listed = dossier_list(known, scope, calendar, clock.now(), metric, an_hoa)
        assert listed.total == AN_HOA_OCTOBER[metric]
        return [row.code.removeprefix("000.01.10.H99-26") for row in listed.rows]

    assert codes(Metric.RESOLVED_EARLY) == ["A01", "A04"]
    assert codes(Metric.RESOLVED_ON_TIME) == ["A02", "A05"]
    assert codes(Metric.RESOLVED_LATE) == ["A03"]
    assert codes(Metric.IN_PROGRESS_OVERDUE) == ["A14", "A07"]
    assert codes(Metric.WAITING) == ["A06"]
    assert codes(Metric.CARRIED_OVER) == ["A14", "A01"]
    assert codes(Metric.LATE_HANDOVER) == ["A07"]


def test_several_breakdowns_from_one_query_match_each_alone(known, calendar, clock):
    both = build_reports(known, ReportScope(OCTOBER), (Breakdown.AGENCY, Breakdown.SECTOR), calendar, clock.now())
    for report in both:
        alone = build_report(known, report.scope, calendar, clock.now())
        assert [(r.label, r.counts, r.average_days, r.p90_days) for r in report.rows] == [
            (r.label, r.counts, r.average_days, r.p90_days) for r in alone.rows
        ]
