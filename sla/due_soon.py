"""When a dossier counts as due soon (sắp đến hạn): a working-time lead before its due moment, or a share."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


class DueSoonStarts:
    """When dossiers not due soon at `now` turn due soon, to the minute: the rule's threshold at each whole minute of
    the next `horizon` (a grid), computed only as far as asked. A due moment the horizon does not reach gets the
    horizon's end, a moment at which it is surely not due soon yet, to be looked at again then."""

    def __init__(
        self,
        rule: DueSoonRule,
        calendar: WorkingCalendar,
        now: datetime,
        processing_time: Duration | None = None,
        horizon: timedelta = timedelta(days=1),
    ) -> None:
        self.rule, self.calendar, self.processing_time = rule, calendar, processing_time
        self.first = now + (_EPOCH - now) % _MINUTE  # the next whole minute, or now
        self.size = horizon // _MINUTE
        self._thresholds: list[datetime] = []  # the threshold at minute n of the grid, never going back in time

    def at(self, due: datetime) -> datetime:
        """The first whole minute from which a dossier due at `due` is due soon, or the horizon's end."""
        self.extend(due)
        index = bisect_left(self._thresholds, due)
        return self.first + index * _MINUTE if index < len(self._thresholds) else self.beyond

    def extend(self, due: datetime) -> list[tuple[datetime, datetime]]:
        """Compute the grid until it answers for `due` (at least two minutes); the (minute, threshold) pairs added."""
        thresholds, added = self._thresholds, len(self._thresholds)
        while (len(thresholds) < 2 or thresholds[-1] < due) and len(thresholds) < self.size:
            thresholds.append(self.rule.threshold(self.calendar, self.minute(len(thresholds)), self.processing_time))
        return [(self.minute(n), thresholds[n]) for n in range(added, len(thresholds))]

    @property
    def beyond(self) -> datetime:
        """For a due moment after the grid's last threshold: the horizon's end once the grid is whole, else the
        grid's last minute (after `now`, and not yet due soon then)."""
        return self.minute(self.size if len(self._thresholds) >= self.size else len(self._thresholds) - 1)

    def minute(self, n: int) -> datetime:
        return self.first + n * _MINUTE


_MINUTE = timedelta(minutes=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


LAST_WORKING_DAY = DueSoonRule(Duration(1, TimeUnit.WORKING_DAYS))
"""The default: a dossier is due soon on its last working day."""
