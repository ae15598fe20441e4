"""The core's running parts, built once from settings: database, clock, calendar and file store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, ScalarSelect, String, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.db import make_engine, make_session_factory
from engine.models import CalendarOverrideRow
from engine.settings import Settings
from engine.storage import FileStore
from engine.uow import UnitOfWork
from engine.workflow.cache import WorkflowCache
from sla.calendar import WorkingCalendar
from sla.clock import Clock, SystemClock
from sla.office_hours import OfficeHours


@dataclass
class Runtime:
    """What every entry point (web, CLI, scheduler, tests) hands to the services."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock
    files: FileStore
    workflows: WorkflowCache
    render_result: Any = None  # reports' result documents (engine.documents.previews.ResultRenderer)
    reports_session_factory: sessionmaker[Session] | None = None  # the read-only replica, when there is one
    _calendar: tuple[str, WorkingCalendar] | None = field(default=None, repr=False)

    @classmethod
    def start(cls, settings: Settings, clock: Clock | None = None, *, render_result: Any = None) -> Runtime:
        engine = make_engine(settings.database_url)
        session_factory = make_session_factory(engine)
        workflows = WorkflowCache(settings.workflow_cache_size)
        workflows.watch(session_factory)
        replica = settings.reports_database_url
        return cls(
            settings,
            engine,
            session_factory,
            clock or SystemClock(),
            FileStore(settings.storage_dir),
            workflows,
            render_result,
            make_session_factory(make_engine(replica, read_only=True)) if replica else None,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def today(self) -> date:
        """The province's day now: the day a validity is read against."""
        return self.clock.now().astimezone(self.tz).date()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def reports_unit_of_work(self) -> UnitOfWork:
        """A unit of work for reading reports: on the read-only replica when MOTCUA_REPORTS_DATABASE_URL names one."""
        return UnitOfWork(self.reports_session_factory or self.session_factory)

    def calendar(self, session: Session, stamp: str | None = None) -> WorkingCalendar:
        """The working calendar with the administrator's overrides as they stand in the database now.

        The calendar is kept while the overrides' stamp (`calendar_stamp`, which a step reads with its dossier) is
        unchanged, so its year tables are built once and a step reads no override.
        """
        if stamp is None:
            stamp = session.scalar(select(calendar_stamp())) or ""
        kept = self._calendar
        if kept is not None and kept[0] == stamp:
            return kept[1]
        overrides = frozenset(row.to_override() for row in session.scalars(select(CalendarOverrideRow)))
        calendar = WorkingCalendar(OfficeHours.parse(self.settings.office_hours), self.settings.timezone, overrides)
        self._calendar = (stamp, calendar)
        return calendar

    def close(self) -> None:
        self.engine.dispose()
        if self.reports_session_factory is not None:
            self.reports_session_factory.kw["bind"].dispose()


def calendar_stamp() -> ScalarSelect[str | None]:
    """Every override's day and kind in one string (a short list; NULL without any): equal stamps, equal
    calendars."""
    entry = cast(CalendarOverrideRow.day, String) + ":" + cast(CalendarOverrideRow.working, String)
    return select(func.aggregate_strings(entry, ",")).scalar_subquery()
