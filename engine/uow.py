"""The unit of work: one transaction per step, rolled back unless the step commits."""

from __future__ import annotations

from functools import lru_cache
from types import TracebackType
from typing import Any

from sqlalchemy import Update, bindparam, inspect, update
from sqlalchemy.orm import Mapper, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

_STALE_REFUSAL = "motcua.stale_refusal"


def refuse_stale_writes(session: Session, refusal: Exception) -> None:
    """When a row's version, compared in the UPDATE that writes it, shows another transaction changed it first,
    the unit of work raises `refusal` (the domain's own words) instead of SQLAlchemy's StaleDataError."""
    session.info[_STALE_REFUSAL] = refusal


def write_changes(session: Session, row: Any) -> None:
    """One UPDATE of the columns of a versioned `row` changed since it was read, where its version is still the one
    read: the compare-and-set the flush does, without the flush's dependency sorting (which cost a step more than the
    statement). The session then holds the row as written; a row another transaction changed first raises
    StaleDataError, as the flush would. A row not yet in the database is left to the flush."""
    state = inspect(row)
    if not state.persistent:
        return
    mapper = state.mapper
    version = mapper.get_property_by_column(mapper.version_id_col).key
    unchanged = state.unmodified | {version}
    touched = [prop.key for prop in mapper.column_attrs if prop.key not in unchanged]
    changed = tuple(key for key in touched if state.attrs[key].history.has_changes())  # not set to the same value
    history = state.attrs[version].history
    if changed or history.has_changes():
        read = history.deleted[0] if history.deleted else getattr(row, version)
        new_version = getattr(row, version)
        if not history.deleted and mapper.version_id_generator:
            new_version = mapper.version_id_generator(read)
        values = {key: getattr(row, key) for key in changed}
        parameters = {**values, "where_id": state.identity[0], "where_version": read, "new_version": new_version}
        # The connection's execute: the session's would flush the row first.
        if session.connection().execute(_update(mapper, changed), parameters).rowcount != 1:
            raise StaleDataError(f"{mapper.class_.__name__} {state.identity[0]} changed since version {read} was read")
        set_committed_value(row, version, new_version)
    for key in touched:
        set_committed_value(row, key, getattr(row, key))
    if not state.committed_state:  # nothing else waits for the flush (a collection appended to would)
        state._commit_all(state.dict, session.identity_map)  # as the flush leaves a row it wrote: clean


@lru_cache(maxsize=256)
def _update(mapper: Mapper[Any], keys: tuple[str, ...]) -> Update:
    """The UPDATE of these columns of the mapper's table where id and version match, built once per set of columns;
    its parameters are the columns' keys, `where_id`, `where_version` and `new_version`."""
    columns = [mapper.get_property(key).columns[0] for key in keys]
    (key_column,) = mapper.primary_key
    return (
        update(mapper.local_table)
        .where(key_column == bindparam("where_id"), mapper.version_id_col == bindparam("where_version"))
        .values(
            {column: bindparam(key, type_=column.type) for key, column in zip(keys, columns, strict=True)}
            | {mapper.version_id_col: bindparam("new_version", type_=mapper.version_id_col.type)}
        )
    )


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
