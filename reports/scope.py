"""What a supervisor report covers: a period of local days, a unit, optionally a procedure or a sector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Agency


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Breakdown(StrEnum):
    """What one row of the report table stands for."""

    AGENCY = "agency"
    DEPARTMENT = "department"
    PROCEDURE = "procedure"
    SECTOR = "sector"


@dataclass(frozen=True)
class Period:
    """Local days first..last, both included (kỳ báo cáo)."""

    first: date
    last: date

    @classmethod
    def of(cls, kind: PeriodKind, year: int, number: int = 1) -> Period:
        """The month `number`, the quarter `number` or the whole year `year`."""
        if kind is PeriodKind.YEAR:
            return cls(date(year, 1, 1), date(year, 12, 31))
        months = 3 if kind is PeriodKind.QUARTER else 1
        first = date(year, (number - 1) * months + 1, 1)
        after = date(year + (first.month + months > 12), (first.month + months - 1) % 12 + 1, 1)
        return cls(first, after - timedelta(days=1))

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware moments: local midnight of the first day and of the day after the last."""
        return datetime.combine(self.first, time(), tz), datetime.combine(self.last + timedelta(days=1), time(), tz)

    def previous(self) -> Period:
        """The period of the same length just before this one (its days counted back from the day before)."""
        days = (self.last - self.first).days
        last = self.first - timedelta(days=1)
        return Period(last - timedelta(days=days), last)


@dataclass(frozen=True)
class ReportScope:
    """A period and a unit; no agency means the whole province. Dossiers count for the agency that resolves them."""

    period: Period
    agency_id: int | None = None
    department_id: int | None = None
    procedure_id: int | None = None
    sector: str = ""
    breakdown: Breakdown = Breakdown.AGENCY


def agency_and_descendants(session: Session, agency_id: int) -> list[int]:
    """The agency and every unit under it in the tree, read in one query."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.execute(select(Agency.id, Agency.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, todo = [], [agency_id]
    while todo:
        unit_id = todo.pop()
        found.append(unit_id)
        todo.extend(children.get(unit_id, []))
    return found
