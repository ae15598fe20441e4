"""Structured logs: one JSON object a line, each carrying the id of the request (or scheduler job run) it belongs to.

The id lives in a context variable, set by the web app for each request and by the scheduler for each job run, so
services log with a plain `logging.getLogger(__name__)` and their lines still say which request caused them.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

request_id: ContextVar[str] = ContextVar("request_id", default="")
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
"""A request id a proxy may send (X-Request-ID): 8 to 64 letters, digits and `._:-`, nothing to inject in a log."""


def new_request_id(given: str | None = None) -> str:
    """The id the client or proxy sent when it is well formed, else a fresh one."""
    if given and WELL_FORMED.fullmatch(given):
        return given
    return uuid.uuid4().hex


@contextmanager
def request_scope(value: str) -> Iterator[str]:
    """Everything logged inside carries `value` as its request id."""
    token = request_id.set(value)
    try:
        yield value
    finally:
        request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds the current request id to every record a handler emits (empty outside a request or job run)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def json_handler(stream: TextIO | None = None) -> logging.Handler:
    """A handler writing one JSON object a line: time, level, logger, message, request id and any `extra` fields."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{name}{message}{request_id}",
            style="{",
            timestamp="time",
            rename_fields={"levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )
    )
    return handler


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log line of this process, as JSON, to standard error (where a service manager collects it)."""
    root = logging.getLogger()
    root.handlers[:] = [json_handler()]
    root.setLevel(level)
