"""When reception must hand a complete dossier to the department (chuyển hồ sơ), by rules that change by date.

- `half_day`: a province's rule, within half a working day (4 working hours) of receipt.
- `same_day`: the national rule of Decree 118/2025/NĐ-CP Art. 18.2, on the day of receipt; a dossier received after
  15:00 (or after hours, or on a day off) by the end of the next working morning.

A province chooses its rules with their effective dates (`MOTCUA_HANDOVER_RULES`, e.g.
`half_day; 2026-01-01 same_day`); a dossier keeps the rule in force on the day it was received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from sla.calendar import WorkingCalendar
from sla.deadlines import HALF_WORKING_DAY, due_moment

NATIONAL_CUTOFF = time(15)  # "sau 15 giờ"


class HandoverRule(StrEnum):
    HALF_DAY = "half_day"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class HandoverRules:
    """The rules a province chose, each from its first day; the first has no start."""

    first: HandoverRule = HandoverRule.HALF_DAY
    later: tuple[tuple[date, HandoverRule], ...] = ()

    @classmethod
    def parse(cls, text: str) -> HandoverRules:
        """Read "half_day; 2026-01-01 same_day"; a bad part raises ValueError naming it."""
        parts = [part.split() for part in text.split(";") if part.strip()]
        if not parts or len(parts[0]) != 1:
            raise ValueError(f"handover rules: begin with a rule without date (half_day or same_day), not {text!r}")
        later = []
        for part in parts[1:]:
            if len(part) != 2:
                raise ValueError(f"handover rules: expected 'YYYY-MM-DD rule', not {' '.join(part)!r}")
            later.append((_day(part[0]), _rule(part[1])))
        if [day for day, _ in later] != sorted({day for day, _ in later}):
            raise ValueError("handover rules: dates must increase")
        return cls(_rule(parts[0][0]), tuple(later))

    def in_force(self, day: date) -> HandoverRule:
        """The rule for a dossier received on `day`."""
        chosen = self.first
        for start, rule in self.later:
            if start <= day:
                chosen = rule
        return chosen


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"handover rules: {text!r} is not a date YYYY-MM-DD") from None


def _rule(text: str) -> HandoverRule:
    try:
        return HandoverRule(text)
    except ValueError:
        raise ValueError(f"handover rules: unknown rule {text!r} (half_day or same_day)") from None


def handover_due(calendar: WorkingCalendar, received: datetime, rule: HandoverRule) -> datetime:
    """The moment a dossier received at `received` must have left reception."""
    if rule is HandoverRule.HALF_DAY:
        return due_moment(calendar, received, HALF_WORKING_DAY)
    local = calendar.local(received)
    intervals = calendar.office_intervals(local.date())
    if intervals and local.time() <= NATIONAL_CUTOFF and local < intervals[-1][1]:
        return intervals[-1][1]  # the day of receipt, to its closing
    morning = calendar.office_intervals(calendar.next_working_day(local.date()))[0]
    return morning[1]  # the end of the next working morning
