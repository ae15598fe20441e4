"""Calendar overrides (điều chỉnh ngày làm việc): an administrator records an extra day off, a province's own
closure or a make-up working day (ngày làm bù), and confirms a year whose holidays were only estimated. Every
deadline computed after a change follows it; a day off also moves the open deadlines it falls before
(`engine.operations.deadline_moves`), while a make-up day brings no promised moment forward."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.dossiers.resolution import refresh_facts_since
from engine.errors import N_, InvalidData, NotFound
from engine.models import CalendarConfirmation, CalendarOverrideRow
from engine.operations.deadline_moves import DayOffMoves, move_past_day_off, moves_of
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork
from sla.calendar import HOLIDAYS_ANNOUNCED_THROUGH, LAST_YEAR, CalendarOverride, WorkingCalendar, public_calendar

ACTION = N_("điều chỉnh lịch làm việc")
MAKEUP_DAY = N_("Ngày làm bù")


@dataclass(frozen=True)
class CalendarDay:
    """A day of the year that is not an ordinary weekday or weekend: what it is and why."""

    day: date
    working: bool
    note: str
    override_id: int | None  # the administrator's row; None for the public-holiday table
    estimated: bool = False  # from the holiday table for a year the government had not announced when it was made


@dataclass(frozen=True)
class RecordedDay:
    """The override recorded and the deadlines it moved."""

    override_id: int
    moves: DayOffMoves


@dataclass(frozen=True)
class CalendarYear:
    """A year's special days, and whether its holidays are still estimates or who confirmed them."""

    year: int
    days: list[CalendarDay]
    estimated: bool
    confirmation: CalendarConfirmation | None


def parse_day(text: str) -> date | None:
    """A day typed as dd/mm/yyyy or sent by a date input (yyyy-mm-dd); None when it is neither."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def day_off_moves(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, day: str, working: bool, note: str
) -> DayOffMoves:
    """What recording this day would move (nothing for a make-up working day), checked as `add_calendar_day` checks
    it, without writing."""
    with uow:
        session = uow.session
        administrator(session, actor_id, ACTION)
        at = runtime.clock.now()
        calendar = runtime.calendar(session)
        chosen, note = _checked(session, calendar, at, day, working, note)
        if working:
            return DayOffMoves(0, 0, 0)
        return moves_of(session, calendar, calendar.overridden(CalendarOverride(chosen, False, note)), chosen, at)


def add_calendar_day(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, day: str, working: bool, note: str
) -> RecordedDay:
    """Record a day off or a make-up working day from today on; a day that would not change is refused. A day off
    moves the deadlines it falls before (`engine.operations.deadline_moves`); a make-up day brings none forward."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        at = runtime.clock.now()
        before = runtime.calendar(session)
        chosen, note = _checked(session, before, at, day, working, note)
        row = CalendarOverrideRow(day=chosen, working=working, note=note, created_by_id=actor.id, created_at=at)
        session.add(row)
        session.flush()
        moves = DayOffMoves(0, 0, 0)
        if not working:
            moves = move_past_day_off(runtime, session, before, runtime.calendar(session), chosen, at, actor, note)
        _recount_resolved(runtime, session, chosen)
        record_event(
            session,
            "calendar_day_added",
            at,
            actor=actor,
            reason=note,
            after={"day": chosen.isoformat(), "working": working, "moved": asdict(moves)},
        )
        uow.commit()
        return RecordedDay(row.id, moves)


def _recount_resolved(runtime: Runtime, session: Session, day: date) -> None:
    """Dossiers resolved on the day changed (today) used the office time the day has now."""
    calendar = runtime.calendar(session)
    refresh_facts_since(session, calendar, datetime.combine(day, time(), calendar.tz))


def _checked(
    session: Session, calendar: WorkingCalendar, at: datetime, day: str, working: bool, note: str
) -> tuple[date, str]:
    """The day and the reason, or InvalidData naming each problem."""
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
    return chosen, note


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
        session.flush()
        _recount_resolved(runtime, session, row.day)
        uow.commit()


def calendar_year(runtime: Runtime, uow: UnitOfWork, year: int) -> CalendarYear:
    """The year's public holidays and make-up Saturdays as the calendar knows them, and the overrides, by day; past
    the announced years the table's days are estimates until an administrator confirms the year."""
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
        confirmation = session.get(CalendarConfirmation, year)
        if confirmation is not None:
            session.expunge(confirmation)
    estimated = year > HOLIDAYS_ANNOUNCED_THROUGH and confirmation is None
    days = [CalendarDay(row.day, row.working, row.note, row.id) for row in overrides.values()]
    for day, name in public_days(year):
        if day not in overrides:
            days.append(CalendarDay(day, calendar.is_working_day(day), name, None, estimated))
    return CalendarYear(year, sorted(days, key=lambda d: d.day), estimated, confirmation)


def confirm_year(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, year: int, note: str) -> None:
    """Record that the year's days off were checked against the government's announcement (its reference in `note`),
    after the differences were recorded as overrides; its days are no longer shown as estimated."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        note = nfc(note.strip())
        errors = {}
        if not HOLIDAYS_ANNOUNCED_THROUGH < year <= LAST_YEAR:
            errors["year"] = N_("Năm này đã theo lịch nghỉ Chính phủ công bố, không cần xác nhận.")
        elif session.get(CalendarConfirmation, year) is not None:
            errors["year"] = N_("Năm này đã được xác nhận.")
        if not note or len(note) > 255:
            errors["confirm_note"] = N_("Căn cứ: bắt buộc nhập (số thông báo lịch nghỉ), tối đa 255 ký tự.")
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        session.add(CalendarConfirmation(year=year, note=note, confirmed_by_id=actor.id, confirmed_at=at))
        record_event(session, "calendar_year_confirmed", at, actor=actor, reason=note, after={"year": year})
        uow.commit()


def public_days(year: int) -> list[tuple[date, str]]:
    """The public-holiday table's days of the year: holidays by name, make-up working Saturdays."""
    holidays, makeup = public_calendar(year)
    return [*holidays.items(), *((day, MAKEUP_DAY) for day in makeup)]
