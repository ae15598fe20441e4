"""The report as a file: CSV (UTF-8 for Excel), XLSX (openpyxl) and PDF (WeasyPrint), one set of columns for all."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.measures import Metric
from reports.pdf import TEMPLATES, render_template_pdf
from reports.sla_report import Report, ReportRow

# The table's columns: three groups of counts under a common heading, then single columns.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("group_received", (Metric.RECEIVED, Metric.CARRIED_OVER, Metric.NEW_ONLINE, Metric.NEW_COUNTER)),
    (
        "group_resolved",
        (Metric.RESOLVED, Metric.RESOLVED_EARLY, Metric.RESOLVED_ON_TIME, Metric.RESOLVED_LATE, Metric.REFUSED),
    ),
    ("group_in_progress", (Metric.IN_PROGRESS_ON_TIME, Metric.IN_PROGRESS_OVERDUE)),
)
SINGLES: tuple[str, ...] = (
    Metric.WAITING,
    Metric.WITHDRAWN,
    Metric.LATE_HANDOVER,
    "on_time_rate",
    "average_days",
    "p90_days",
)
COLUMNS: tuple[str, ...] = (*(column for _, columns in GROUPS for column in columns), *SINGLES)
MEASURES = ("on_time_rate", "online_share", "average_days", "p90_days")


def row_values(row: ReportRow) -> list[Any]:
    """The row's values in COLUMNS order: counts as integers, a rate as a fraction, times in days (None if none)."""
    return [row.counts[Metric(c)] if c in Metric.__members__.values() else getattr(row, c) for c in COLUMNS]


def display(column: str, value: Any, *, english: bool = False) -> str:
    """A value as the table shows it: rates as percentages, times to two decimals, a dash when there is none."""
    if value is None:
        return "—"
    if column in MEASURES:
        text = f"{value * 100:.1f} %" if column == "on_time_rate" else f"{value:.2f}"
        return text if english else text.replace(".", ",")
    return f"{value:,}".replace(",", "," if english else ".")


def table_html(
    report: Report,
    labels: Mapping[str, str],
    unit_header: str,
    *,
    english: bool = False,
    link: Callable[[str, ReportRow], str] | None = None,
) -> Markup:
    """The table as HTML, the same in the page (with a link behind every count) and in the PDF."""
    return Markup(
        TEMPLATES.get_template("report_table.html").render(
            rows=[*report.rows, report.total],
            groups=GROUPS,
            singles=SINGLES,
            columns=COLUMNS,
            labels=labels,
            unit_header=unit_header,
            english=english,
            link=link,
            cells=lambda row: list(zip(COLUMNS, row_values(row), strict=True)),
            display=display,
            metrics=set(Metric),
        )
    )


def table(report: Report, labels: Mapping[str, str], unit_header: str, *, english: bool = False) -> list[list[Any]]:
    """Header and rows, the total last; `labels` names each column."""
    lines: list[list[Any]] = [[unit_header, *(labels[c] for c in COLUMNS)]]
    for row in [*report.rows, report.total]:
        lines.append([row.label_en if english else row.label, *row_values(row)])
    return lines


def to_csv(lines: list[list[Any]]) -> bytes:
    """Comma-separated, UTF-8 with a byte order mark so that Excel reads Vietnamese letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow(["" if v is None else round(v, 4) if isinstance(v, float) else v for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(lines: list[list[Any]], title: str, subtitle: str) -> bytes:
    """One sheet: the title, the period, then the table with rates as percentages and times to two decimals."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([title])
    sheet.append([subtitle])
    sheet["A1"].font = Font(bold=True, size=13)
    first = sheet.max_row + 1
    for line in lines:
        sheet.append(line)
    for cell in sheet[first]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for offset, column in enumerate(COLUMNS, start=2):
        number_format = "0.0%" if column == "on_time_rate" else "0.00" if column in MEASURES else "0"
        for (cell,) in sheet.iter_rows(min_row=first + 1, min_col=offset, max_col=offset):
            cell.number_format = number_format
    sheet.column_dimensions["A"].width = 42
    for offset in range(2, len(COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(offset)].width = 12
    sheet.freeze_panes = sheet.cell(first + 1, 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(table: Markup, chart: Markup, **context: Any) -> bytes:
    """The report on landscape A4 under the national header, with the same table and chart as the page."""
    return render_template_pdf("supervisor_report.html", table=table, chart=chart, **context)
