"""Supervisor reports: the period / unit / procedure / sector form, the table, its drill-down lists and exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.browse import all_sectors, procedure_choices
from engine.errors import NotAllowed
from engine.models import Agency, Department, ReportSnapshot, User
from engine.text import parse_int
from reports.access import allowed_agencies, restrict
from reports.charts import Bar, stacked_bars
from reports.drilldown import NO_KEY, dossier_list
from reports.exports import display, table, table_html, to_csv, to_pdf, to_xlsx
from reports.measures import Metric
from reports.scope import Breakdown, Period, PeriodKind, ReportScope
from reports.sla_report import Report, ReportRow
from reports.snapshots import report_of
from webapp.i18n import in_reader_language
from webapp.numbers import int_field
from webapp.staff import staff_required

bp = Blueprint("reports", __name__, url_prefix="/reports")

LABELS = {
    "group_received": _l("Số hồ sơ nhận giải quyết"),
    "group_resolved": _l("Đã giải quyết"),
    "group_in_progress": _l("Đang giải quyết"),
    Metric.RECEIVED: _l("Tổng số"),
    Metric.CARRIED_OVER: _l("Kỳ trước chuyển sang"),
    Metric.NEW: _l("Mới tiếp nhận"),
    Metric.NEW_ONLINE: _l("Mới tiếp nhận trực tuyến"),
    Metric.NEW_COUNTER: _l("Mới tiếp nhận trực tiếp"),
    Metric.RESOLVED: _l("Tổng số"),
    Metric.RESOLVED_EARLY: _l("Trước hạn"),
    Metric.RESOLVED_ON_TIME: _l("Đúng hạn"),
    Metric.RESOLVED_LATE: _l("Quá hạn"),
    Metric.REFUSED: _l("Trong đó từ chối"),
    Metric.IN_PROGRESS: _l("Đang giải quyết"),
    Metric.IN_PROGRESS_ON_TIME: _l("Trong hạn"),
    Metric.IN_PROGRESS_OVERDUE: _l("Quá hạn"),
    Metric.WAITING: _l("Chờ bổ sung, nghĩa vụ tài chính"),
    Metric.WITHDRAWN: _l("Rút hồ sơ, dừng xử lý"),
    Metric.LATE_HANDOVER: _l("Chuyển muộn"),
    "on_time_rate": _l("Tỷ lệ trước và đúng hạn"),
    "average_days": _l("Thời gian TB (ngày làm việc)"),
    "p90_days": _l("Thời gian phân vị 90 (ngày làm việc)"),
}
BREAKDOWNS = {
    Breakdown.AGENCY: _l("Theo cơ quan"),
    Breakdown.DEPARTMENT: _l("Theo phòng"),
    Breakdown.PROCEDURE: _l("Theo thủ tục"),
    Breakdown.SECTOR: _l("Theo lĩnh vực"),
}
PERIODS = {PeriodKind.MONTH: _l("Tháng"), PeriodKind.QUARTER: _l("Quý"), PeriodKind.YEAR: _l("Năm")}
CHART_SERIES = (
    Metric.RESOLVED_EARLY,
    Metric.RESOLVED_ON_TIME,
    Metric.RESOLVED_LATE,
    Metric.IN_PROGRESS_ON_TIME,
    Metric.IN_PROGRESS_OVERDUE,
    Metric.WAITING,
    Metric.WITHDRAWN,
)
# In the chart and above a drill-down list a count stands without its column group, so it names it.
CHART_LABELS = {
    Metric.RESOLVED_EARLY: _l("Giải quyết trước hạn"),
    Metric.RESOLVED_ON_TIME: _l("Giải quyết đúng hạn"),
    Metric.RESOLVED_LATE: _l("Giải quyết quá hạn"),
    Metric.IN_PROGRESS_ON_TIME: _l("Đang giải quyết trong hạn"),
    Metric.IN_PROGRESS_OVERDUE: _l("Đang giải quyết quá hạn"),
}
STANDALONE_LABELS = {**LABELS, **CHART_LABELS}  # a count's name where no table heading stands above it
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@bp.route("")
@staff_required
def index() -> ResponseReturnValue:
    rt = current_app.extensions["motcua"]
    with rt.reports_unit_of_work() as uow:
        user, scope = _scope(uow.session)
        report = report_of(uow.session, scope, rt.calendar(uow.session), rt.clock.now())
        choices = _choices(uow.session, user)
        snapshots = _snapshots(uow.session) if choices["everything"] else []
    return render_template(
        "reports/index.html",
        scope=scope,
        args=scope_args(scope),
        report=report,
        table=_table(report, link=True),
        chart=_chart(report),
        indicators=_indicators(report),
        display=display,
        choices=choices,
        periods=PERIODS,
        breakdowns=BREAKDOWNS,
        title=_title(),
        snapshots=snapshots,
        english=get_locale().language == "en",
    )


@bp.route("/dossiers")
@staff_required
def dossiers() -> ResponseReturnValue:
    """The dossiers behind one number of the table."""
    metric = request.args.get("metric", "")
    if metric not in Metric.__members__.values():
        abort(404)
    rt = current_app.extensions["motcua"]
    with rt.reports_unit_of_work() as uow:
        _user, scope = _scope(uow.session)
        key = _key(scope.breakdown, request.args.get("key"))
        page = int_field(request.args, "page", 1, low=1, high=100_000)
        listed = dossier_list(uow.session, scope, rt.calendar(uow.session), rt.clock.now(), Metric(metric), key, page)
    return render_template(
        "reports/dossiers.html",
        listed=listed,
        label=STANDALONE_LABELS[Metric(metric)],
        args=scope_args(scope),
        metric=metric,
        key=request.args.get("key"),
        title=_title(),
        tz=rt.tz,
    )


@bp.route("/export.<fmt>")
@staff_required
def export(fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        abort(404)
    rt = current_app.extensions["motcua"]
    with rt.reports_unit_of_work() as uow:
        _user, scope = _scope(uow.session)
        report = report_of(uow.session, scope, rt.calendar(uow.session), rt.clock.now())
        place_date = rt.calendar(uow.session).local(rt.clock.now()).strftime("%d/%m/%Y")
        issuer = _issuer(uow.session, scope)
    english = get_locale().language == "en"
    labels = {key: str(label) for key, label in LABELS.items()}
    lines = table(report, labels, _unit_header(scope), english=english)
    title = _title()
    if fmt == "csv":
        body = to_csv(lines)
    elif fmt == "xlsx":
        body = to_xlsx(lines, title, _period_text(scope.period))
    else:
        body = to_pdf(
            _table(report),
            _chart(report),
            lang=str(get_locale()),
            agency=issuer,
            parent="",
            number="",
            place_date=_("Ngày %(day)s", day=place_date),
            title=title,
            subtitle=_period_text(scope.period),
            indicators_title=_("Chỉ số đánh giá theo Quyết định 766/QĐ-TTg"),
            indicators=_indicators(report),
            indicators_note=_NOT_AVAILABLE_NOTE,
        )
    filename = f"bao-cao-{scope.period.first.isoformat()}-{scope.period.last.isoformat()}.{fmt}"
    return Response(body, mimetype=FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})


_NOT_AVAILABLE_NOTE = _l(
    "Tỷ lệ thanh toán trực tuyến và mức độ hài lòng được tính từ dữ liệu thanh toán và đánh giá của "
    "Cổng dịch vụ công; khi hệ thống chưa ghi nhận các dữ liệu này, chỉ số ghi «chưa có dữ liệu»."
)


def _scope(session: Session) -> tuple[User, ReportScope]:
    """The signed-in user and the scope asked for, narrowed to what they may see; 403 if they may see none."""
    user = session.get(User, current_user.id)
    rt = current_app.extensions["motcua"]
    today = rt.calendar(session).local(rt.clock.now()).date()
    try:
        return user, restrict(session, user, parse_scope(request.args, today))
    except NotAllowed:
        abort(403)


def parse_scope(args: Any, today: date) -> ReportScope:
    """The scope from the query string; values that do not parse fall back to this month and the whole province."""
    kind = args.get("period", "")
    kind = PeriodKind(kind) if kind in PeriodKind.__members__.values() else PeriodKind.MONTH
    year = int_field(args, "year", today.year, low=2000, high=2100)
    default = today.month if kind is PeriodKind.MONTH else (today.month - 1) // 3 + 1
    number = int_field(args, "number", default, low=1, high=12 if kind is PeriodKind.MONTH else 4)
    unit = args.get("unit", "")
    breakdown = args.get("breakdown", "")
    return ReportScope(
        Period.of(kind, year, number),
        agency_id=parse_int(unit[1:], low=1) if unit.startswith("a") else None,
        department_id=parse_int(unit[1:], low=1) if unit.startswith("d") else None,
        procedure_id=int_field(args, "procedure", None, low=1),
        sector=args.get("sector", "")[:255],
        breakdown=Breakdown(breakdown) if breakdown in Breakdown.__members__.values() else Breakdown.AGENCY,
    )


def scope_args(scope: ReportScope) -> dict[str, Any]:
    """The query string that gives this scope back."""
    first = scope.period.first
    kind = (
        PeriodKind.YEAR
        if (scope.period.last - first).days > 100
        else PeriodKind.QUARTER
        if (scope.period.last - first).days > 40
        else PeriodKind.MONTH
    )
    number = first.month if kind is PeriodKind.MONTH else (first.month - 1) // 3 + 1
    unit = f"d{scope.department_id}" if scope.department_id else f"a{scope.agency_id}" if scope.agency_id else ""
    args: dict[str, Any] = {"period": kind.value, "year": first.year, "number": number, "unit": unit}
    args.update(procedure=scope.procedure_id or "", sector=scope.sector, breakdown=scope.breakdown.value)
    return {name: value for name, value in args.items() if value != ""}


def _key(breakdown: Breakdown, text: str | None) -> object:
    """A row key from the query string: absent for the total, `none` for the row without a value."""
    if text is None or text == "":
        return NO_KEY
    if text == "none":
        return None
    if breakdown is Breakdown.SECTOR:
        return text
    number = parse_int(text, low=1)
    return -1 if number is None else number


def _table(report: Report, *, link: bool = False) -> Any:
    english = get_locale().language == "en"
    args = scope_args(report.scope)

    def drill(column: str, row: ReportRow) -> str:
        key = "" if row is report.total else "none" if row.key is None else row.key
        return url_for("reports.dossiers", metric=column, key=key, **args)

    labels = {key: str(label) for key, label in LABELS.items()}
    return table_html(report, labels, _unit_header(report.scope), english=english, link=drill if link else None)


def _chart(report: Report) -> Any:
    english = get_locale().language == "en"
    bars = [
        Bar(row.label_en if english else row.label, tuple(row.counts[m] for m in CHART_SERIES)) for row in report.rows
    ]
    return stacked_bars(bars, [str(STANDALONE_LABELS[m]) for m in CHART_SERIES], title=_("Tình hình giải quyết hồ sơ"))


def _indicators(report: Report) -> list[tuple[str, str]]:
    """Decision 766/QĐ-TTg's measures of the report's total; what the system does not record reads as such."""
    english = get_locale().language == "en"
    total = report.total
    missing = _("Chưa có dữ liệu")

    def rate(value: float | None) -> str:
        return display("on_time_rate", value, english=english)

    return [
        (_("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"), rate(total.on_time_rate)),
        (
            _("Thời gian giải quyết trung bình (ngày làm việc)"),
            display("average_days", total.average_days, english=english),
        ),
        (_("Tỷ lệ hồ sơ nộp trực tuyến"), rate(total.online_share)),
        (
            _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
            rate(report.paid_online_share) if report.paid_online_share is not None else missing,
        ),
        (_("Mức độ hài lòng"), rate(report.satisfaction) if report.satisfaction is not None else missing),
    ]


def _choices(session: Session, user: User) -> dict[str, Any]:
    """Units, procedures and sectors the form offers; a leader sees only their own units."""
    allowed = allowed_agencies(session, user)
    agencies = [a for a in session.scalars(select(Agency).order_by(Agency.code)) if allowed is None or a.id in allowed]
    departments = session.scalars(
        select(Department).where(Department.agency_id.in_([a.id for a in agencies])).order_by(Department.agency_id)
    ).all()
    procedures = procedure_choices(session, key="id")
    return {
        "everything": allowed is None,
        "agencies": agencies,
        "departments": [(d.id, f"{in_reader_language(d)} — {in_reader_language(d.agency)}") for d in departments],
        "procedures": procedures,
        "sectors": all_sectors(session),
    }


def _snapshots(session: Session) -> list[ReportSnapshot]:
    """The stored periodic reports of the province, newest first."""
    query = select(ReportSnapshot).order_by(ReportSnapshot.period_first.desc(), ReportSnapshot.period_kind).limit(24)
    return list(session.scalars(query))


def _title() -> str:
    return _("Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính")


def _period_text(period: Period) -> str:
    return _(
        "Kỳ báo cáo: từ ngày %(first)s đến ngày %(last)s",
        first=period.first.strftime("%d/%m/%Y"),
        last=period.last.strftime("%d/%m/%Y"),
    )


def _unit_header(scope: ReportScope) -> str:
    return str(
        {
            Breakdown.AGENCY: _l("Cơ quan"),
            Breakdown.DEPARTMENT: _l("Phòng"),
            Breakdown.PROCEDURE: _l("Thủ tục"),
            Breakdown.SECTOR: _l("Lĩnh vực"),
        }[scope.breakdown]
    )


def _issuer(session: Session, scope: ReportScope) -> str:
    """The unit the report is about, or the province when it covers them all."""
    agency_id = scope.agency_id
    if scope.department_id is not None:
        agency_id = session.get(Department, scope.department_id).agency_id
    if agency_id is None:
        return session.scalar(select(Agency.name).where(Agency.parent_id.is_(None)).order_by(Agency.id)) or ""
    return session.get(Agency, agency_id).name
