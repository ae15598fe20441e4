"""The tracking register (sổ theo dõi hồ sơ): every dossier one unit received in a period, as a PDF."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Agency, Dossier, DossierStatus
from reports.documents import Formatter, register_entry, set_in_force
from reports.pdf import render_template_pdf

STATUS_NOTES = {
    DossierStatus.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.WITHDRAWN: "Rút hồ sơ",
    DossierStatus.NOT_RECEIVED: "Từ chối tiếp nhận",
}


def _note(dossier: Dossier, at: datetime) -> str:
    finished = dossier.resolved_at or dossier.returned_at
    parts = [STATUS_NOTES.get(dossier.status, "")]
    if dossier.due_at and (finished or at) > dossier.due_at:
        parts.append("Quá hạn")
    if dossier.late_handover:
        parts.append("Chuyển muộn")
    if dossier.apology_count:
        parts.append("Đã xin lỗi, hẹn lại")
    return "; ".join(p for p in parts if p)


def _numbers(session: Session, dossiers: list[Dossier], tz: ZoneInfo) -> dict[int, int]:
    """Each dossier's number in its year's book, the one its receipt prints: the first of each year is looked up, the
    rest follow in order of receipt."""
    numbers: dict[int, int] = {}
    last: dict[int, int] = {}
    for dossier in dossiers:
        year = dossier.received_at.astimezone(tz).year
        if year in last:
            last[year] += 1
        else:
            last[year] = (register_entry(session, dossier, tz) or (year, 0))[1]
        numbers[dossier.id] = last[year]
    return numbers


def register_pdf(session: Session, agency: Agency, first: date, last: date, *, at: datetime, tz: ZoneInfo) -> bytes:
    """The register of `agency` for the days `first` to `last` (inclusive), in the set of forms in force at `last`."""
    start = datetime.combine(first, time.min, tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tz)
    dossiers = list(
        session.scalars(
            select(Dossier)
            .where(Dossier.receiving_unit_id == agency.id, Dossier.received_at >= start, Dossier.received_at < end)
            .order_by(Dossier.received_at, Dossier.id)
        )
    )
    document_set = set_in_force(last)
    return render_template_pdf(
        f"documents/{document_set.register.template}",
        spec=document_set.register,
        document_set=document_set,
        agency=agency,
        period_from=first,
        period_to=last,
        dossiers=dossiers,
        notes={d.id: _note(d, at) for d in dossiers},
        numbers=_numbers(session, dossiers, tz),
        local=Formatter(tz).moment,
    )
