"""The core's running parts, built once from settings: database, clock, calendar and file store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
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
    _calendars: dict[tuple[object, ...], WorkingCalendar] = field(default_factory=dict)

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

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def reports_unit_of_work(self) -> UnitOfWork:
        """A unit of work for reading reports: on the read-only replica when MOTCUA_REPORTS_DATABASE_URL names one."""
        return UnitOfWork(self.reports_session_factory or self.session_factory)

    def calendar(self, session: Session) -> WorkingCalendar:
        """The working calendar with the administrator's overrides as they stand in the database now.

        Calendars are kept per set of overrides, so their year tables are built once, not at every step.
        """
        overrides = frozenset(row.to_override() for row in session.scalars(select(CalendarOverrideRow)))
        calendar = self._calendars.get(overrides)
        if calendar is None:
            calendar = WorkingCalendar(OfficeHours.parse(self.settings.office_hours), self.settings.timezone, overrides)
            self._calendars = {overrides: calendar}  # the overrides changed: the older calendars are done with
        return calendar

    def close(self) -> None:
        self.engine.dispose()
        if self.reports_session_factory is not None:
            self.reports_session_factory.kw["bind"].dispose()
