"""When a dossier counts as due soon (sắp đến hạn): a working-time lead before its due moment, or a share."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sla.calendar import WorkingCalendar
from sla.deadlines import Duration, TimeUnit

_FORM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(d|h|%)\s*$")


@dataclass(frozen=True)
class DueSoonRule:
    """Either a fixed lead in working time (`1d`, `4h`) or a share of the procedure's processing time (`20%`)."""

    lead: Duration | None
    share: float | None = None

    @classmethod
    def parse(cls, text: str) -> DueSoonRule:
        """`1d` (working days), `4h` (working hours) or `20%`; anything else raises ValueError."""
        match = _FORM.match(text)
        if match is None:
            raise ValueError(f"due-soon rule {text!r}: write working days (1d), working hours (4h) or a share (20%)")
        amount, unit = float(match[1].replace(",", ".")), match[2]
        if unit == "%":
            if not 0 < amount < 100:
                raise ValueError(f"due-soon share {text!r} must be between 0% and 100%")
            return cls(lead=None, share=amount / 100)
        return cls(lead=Duration(amount, TimeUnit.WORKING_DAYS if unit == "d" else TimeUnit.WORKING_HOURS))

    def __str__(self) -> str:
        return f"{self.share:.0%}" if self.share is not None else str(self.lead)

    def threshold(self, calendar: WorkingCalendar, now: datetime, processing_time: Duration | None = None) -> datetime:
        """Dossiers due at or before this moment are due soon (those due before `now` are overdue)."""
        lead = self.lead
        if lead is None:
            if processing_time is None:
                raise ValueError("a due-soon share needs the procedure's processing time")
            lead = Duration(processing_time.amount * (self.share or 0), processing_time.unit)
        if lead.unit == TimeUnit.WORKING_HOURS:
            return calendar.add_working_hours(now, lead.amount)
        if lead.unit == TimeUnit.WORKING_DAYS:
            return calendar.add_working_days(now, lead.amount)
        return now + timedelta(days=lead.amount)

    def starts(
        self, calendar: WorkingCalendar, now: datetime, due: datetime, processing_time: Duration | None = None
    ) -> datetime:
        """The first whole second after `now` from which a dossier due at `due`, not due soon at `now`, is due soon.

        Found by bisection between `now` and `due` (the threshold never goes back as the clock goes on), so it holds
        for every kind of lead and calendar; at a due moment a dossier is always due soon.
        """
        seconds = math.ceil((due - now).total_seconds())
        near, far = 0, seconds  # not due soon `near` seconds after now; due soon `far` seconds after
        while far - near > 1:
            middle = (near + far) // 2
            if self.threshold(calendar, now + timedelta(seconds=middle), processing_time) >= due:
                far = middle
            else:
                near = middle
        return now + timedelta(seconds=max(far, 1))


LAST_WORKING_DAY = DueSoonRule(Duration(1, TimeUnit.WORKING_DAYS))
"""The default: a dossier is due soon on its last working day."""
