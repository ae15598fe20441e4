"""The unit of work: one transaction per step, rolled back unless the step commits."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

_STALE_REFUSAL = "motcua.stale_refusal"


def refuse_stale_writes(session: Session, refusal: Exception) -> None:
    """When a row's version, compared in the UPDATE that writes it, shows another transaction changed it first,
    the unit of work raises `refusal` (the domain's own words) instead of SQLAlchemy's StaleDataError."""
    session.info[_STALE_REFUSAL] = refusal


class UnitOfWork:
    """`with uow: ... uow.commit()`; leaving the block without commit changes nothing."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("a unit of work is not re-entrant; start a new one per step")
        self._session = self._session_factory()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        refusal = self.session.info.pop(_STALE_REFUSAL, None)
        # Closing rolls back whatever was not committed; loaded objects stay readable, detached.
        self.session.close()
        self._session = None
        if refusal is not None and isinstance(exc, StaleDataError):
            raise refusal from exc

    def commit(self) -> None:
        self.session.commit()
