"""Calendar overrides (điều chỉnh ngày làm việc): an administrator records an extra day off, a province's own
closure or a make-up working day (ngày làm bù). Every deadline computed after that follows them; moments already
promised to applicants (appointments, due moments) stay as they were given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotFound
from engine.models import CalendarOverrideRow
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from sla.calendar import public_calendar

ACTION = N_("điều chỉnh lịch làm việc")
MAKEUP_DAY = N_("Ngày làm bù")


@dataclass(frozen=True)
class CalendarDay:
    """A day of the year that is not an ordinary weekday or weekend: what it is and why."""

    day: date
    working: bool
    note: str
    override_id: int | None  # the administrator's row; None for the public-holiday table


def parse_day(text: str) -> date | None:
    """A day typed as dd/mm/yyyy or sent by a date input (yyyy-mm-dd); None when it is neither."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def add_calendar_day(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, day: str, working: bool, note: str
) -> CalendarOverrideRow:
    """Record a day off or a make-up working day from today on; a day that would not change is refused."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        at = runtime.clock.now()
        calendar = runtime.calendar(session)
        today = calendar.local(at).date()
        chosen, note = parse_day(day), nfc(note.strip())
        errors = {}
        if chosen is None:
            errors["day"] = N_("Ngày: nhập theo dạng ngày/tháng/năm, ví dụ 02/01/2027.")
        elif chosen < today:
            errors["day"] = N_("Ngày: không điều chỉnh ngày đã qua.")
        elif session.scalar(select(CalendarOverrideRow.id).where(CalendarOverrideRow.day == chosen)) is not None:
            errors["day"] = N_("Ngày: ngày này đã có điều chỉnh; xóa điều chỉnh cũ trước khi ghi điều chỉnh mới.")
        elif calendar.is_working_day(chosen) == working:
            errors["working"] = N_("Ngày này vốn là ngày làm việc.") if working else N_("Ngày này vốn là ngày nghỉ.")
        if not note or len(note) > 255:
            errors["note"] = N_("Lý do: bắt buộc nhập, tối đa 255 ký tự.")
        if errors:
            raise InvalidData(errors)
        row = CalendarOverrideRow(day=chosen, working=working, note=note, created_by_id=actor.id, created_at=at)
        session.add(row)
        record_event(
            session,
            "calendar_day_added",
            at,
            actor=actor,
            reason=note,
            after={"day": chosen.isoformat(), "working": working},
        )
        uow.commit()
        return row


def remove_calendar_day(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, override_id: int) -> None:
    """Take back an override of today or a later day; the public-holiday table rules that day again."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        at = runtime.clock.now()
        row = session.get(CalendarOverrideRow, override_id)
        if row is None:
            raise NotFound(what=N_("điều chỉnh lịch"))
        if row.day < runtime.calendar(session).local(at).date():
            raise InvalidData({"day": N_("Ngày: không điều chỉnh ngày đã qua.")})
        record_event(
            session,
            "calendar_day_removed",
            at,
            actor=actor,
            reason=row.note,
            before={"day": row.day.isoformat(), "working": row.working},
        )
        session.delete(row)
        uow.commit()


def calendar_year(runtime: Runtime, uow: UnitOfWork, year: int) -> list[CalendarDay]:
    """The year's public holidays and make-up Saturdays as the calendar knows them, and the overrides, by day."""
    with uow:
        session = uow.session
        overrides = {
            row.day: row
            for row in session.scalars(
                select(CalendarOverrideRow).where(
                    CalendarOverrideRow.day >= date(year, 1, 1), CalendarOverrideRow.day <= date(year, 12, 31)
                )
            )
        }
        calendar = runtime.calendar(session)
    days = [CalendarDay(row.day, row.working, row.note, row.id) for row in overrides.values()]
    for day, name in public_days(year):
        if day not in overrides:
            days.append(CalendarDay(day, calendar.is_working_day(day), name, None))
    return sorted(days, key=lambda d: d.day)


def public_days(year: int) -> list[tuple[date, str]]:
    """The public-holiday table's days of the year: holidays by name, make-up working Saturdays."""
    holidays, makeup = public_calendar(year)
    return [*holidays.items(), *((day, MAKEUP_DAY) for day in makeup)]
