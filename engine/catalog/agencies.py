"""Agencies as the administrator keeps them: the tree, and each agency's address, phone and reception hours
(giờ tiếp nhận), which people see and which never move a deadline (those count in the working calendar)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record_event
from engine.errors import N_, InvalidData, NotFound
from engine.models import Agency
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.settings import Settings
from engine.text import nfc
from engine.uow import UnitOfWork
from engine.workflow.problems import Problem
from sla.office_hours import OfficeHours, OfficeHoursError
from sla.reception import next_reception_moment, reception_intervals

ACTION = N_("cập nhật thông tin cơ quan")
PHONE = re.compile(r"[0-9+() .\-]*")
EDITED = ("address", "phone", "reception_hours")

# What is wrong with a reception-hours text, by the parser's problem code; {part} is the text it is about.
HOURS_PROBLEMS = {
    "no_intervals": N_("Giờ tiếp nhận: sau «{part}» chưa có khung giờ; viết ví dụ «{part} 07:30-11:30»."),
    "bad_day": N_(
        "Giờ tiếp nhận: «{part}» không phải ngày trong tuần; dùng mon, tue, wed, thu, fri, sat, sun "
        "hoặc một khoảng như mon-fri."
    ),
    "backwards_range": N_(
        "Giờ tiếp nhận: khoảng ngày «{part}» viết ngược; viết từ ngày đầu đến ngày cuối, ví dụ mon-fri."
    ),
    "bad_interval": N_("Giờ tiếp nhận: «{part}» không phải khung giờ dạng GG:PP-GG:PP, ví dụ 07:30-11:30."),
    "bad_time": N_("Giờ tiếp nhận: «{part}» có giờ không có thật; giờ viết từ 00:00 đến 23:59."),
    "ends_before_start": N_("Giờ tiếp nhận: khung giờ «{part}» kết thúc trước khi bắt đầu."),
    "overlap": N_("Giờ tiếp nhận: các khung giờ chồng lên nhau ở «{part}»."),
}
HOURS_UNREADABLE = N_("Giờ tiếp nhận: không đọc được; viết ví dụ «mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30».")


class AgencyInvalid(InvalidData):
    """An agency's edited details that break a rule; `problems` says each field's, to be said in any language."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        self.problems = dict(problems)
        super().__init__({field: problem.text() for field, problem in self.problems.items()})


@dataclass(frozen=True)
class AgencyLine:
    """An agency in tree order, `depth` levels below its root."""

    agency: Agency
    depth: int


def agency_tree(session: Session) -> list[AgencyLine]:
    """Every agency, each under its parent, siblings by code."""
    agencies = list(session.scalars(select(Agency).order_by(Agency.code)))
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        children.setdefault(agency.parent_id, []).append(agency)
    lines: list[AgencyLine] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for agency in children.get(parent_id, []):
            lines.append(AgencyLine(agency, depth))
            visit(agency.id, depth + 1)

    visit(None, 0)
    return lines


def agency_by_code(session: Session, code: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        raise NotFound(what=f"cơ quan {code}")
    return agency


def reception_hours(agency: Agency, settings: Settings) -> OfficeHours:
    """When the agency's counter receives people: its own hours, else the province's office hours."""
    return hours_or_office(agency.reception_hours, settings)


def hours_or_office(text: str, settings: Settings) -> OfficeHours:
    """An agency's own reception-hours text, else (empty) the province's office hours."""
    try:
        return OfficeHours.parse(text) if text.strip() else OfficeHours.parse(settings.office_hours)
    except ValueError:  # written past the checks (by hand in the database): show the office hours, not an error
        return OfficeHours.parse(settings.office_hours)


def next_reception(runtime: Runtime, session: Session, agency: Agency, moment: datetime) -> datetime | None:
    """The moment itself when the agency's counter is open, else when it next opens."""
    return next_reception_moment(runtime.calendar(session), reception_hours(agency, runtime.settings), moment)


def reception_on(
    runtime: Runtime, session: Session, agency: Agency, day: date
) -> tuple[tuple[datetime, datetime], ...]:
    """The agency's reception intervals on that day (none on a day off)."""
    return reception_intervals(runtime.calendar(session), reception_hours(agency, runtime.settings), day)


def hours_problem(text: str) -> Problem | None:
    """What is wrong with a reception-hours text, None when it reads (empty reads: the office hours)."""
    if not text:
        return None
    try:
        OfficeHours.parse(text)
    except OfficeHoursError as error:
        message = HOURS_PROBLEMS.get(error.problem)
        return Problem(message, {"part": error.part}) if message else Problem(HOURS_UNREADABLE)
    return None


def update_agency(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, code: str, address: str, phone: str, reception_hours: str
) -> Agency:
    """Change an agency's address, phone and reception hours; all or nothing, one event with before and after."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, ACTION)
        agency = agency_by_code(session, code)
        wanted = {
            "address": " ".join(nfc(address).split()),
            "phone": " ".join(phone.split()),
            "reception_hours": _normalised(nfc(reception_hours)),
        }
        problems = _problems(wanted)
        if problems:
            raise AgencyInvalid(problems)
        before = {name: getattr(agency, name) for name in EDITED}
        changed = {name for name in EDITED if before[name] != wanted[name]}
        if changed:
            for name in changed:
                setattr(agency, name, wanted[name])
            record_event(
                session,
                "agency_updated",
                runtime.clock.now(),
                actor=actor,
                reason=agency.code,
                before={"agency": agency.code} | {name: before[name] for name in sorted(changed)},
                after={"agency": agency.code} | {name: wanted[name] for name in sorted(changed)},
            )
            uow.commit()
        return agency


def _normalised(text: str) -> str:
    """One space between words and around each ';', lower-case day names; the parser reads it the same."""
    groups = [" ".join(group.split()) for group in text.split(";")]
    return "; ".join(group for group in groups if group).lower()


def _problems(wanted: dict[str, Any]) -> dict[str, Problem]:
    problems: dict[str, Problem] = {}
    if len(wanted["address"]) > 255:
        problems["address"] = Problem(N_("Địa chỉ: tối đa 255 ký tự."))
    if len(wanted["phone"]) > 32 or not PHONE.fullmatch(wanted["phone"]):
        problems["phone"] = Problem(N_("Số điện thoại: tối đa 32 ký tự, chỉ gồm chữ số, dấu cách và + ( ) . -"))
    if len(wanted["reception_hours"]) > 255:
        problems["reception_hours"] = Problem(N_("Giờ tiếp nhận: tối đa 255 ký tự."))
    elif found := hours_problem(wanted["reception_hours"]):
        problems["reception_hours"] = found
    return problems
