"""The core's running parts, built once from settings: database, clock, calendar and file store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from engine.db import make_engine, make_session_factory
from engine.models import CalendarOverrideRow
from engine.settings import Settings
from engine.storage import FileStore
from engine.uow import UnitOfWork
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
    render_decision: Callable[..., bytes] | None = None  # reports' decision template (engine cannot import reports)

    @classmethod
    def start(
        cls, settings: Settings, clock: Clock | None = None, *, render_decision: Callable[..., Any] | None = None
    ) -> Runtime:
        engine = make_engine(settings.database_url)
        return cls(
            settings,
            engine,
            make_session_factory(engine),
            clock or SystemClock(),
            FileStore(settings.storage_dir),
            render_decision,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def calendar(self, session: Session) -> WorkingCalendar:
        """The working calendar with the administrator's overrides as they stand in the database now."""
        overrides = [row.to_override() for row in session.scalars(select(CalendarOverrideRow))]
        return WorkingCalendar(OfficeHours.parse(self.settings.office_hours), self.settings.timezone, overrides)

    def close(self) -> None:
        self.engine.dispose()
