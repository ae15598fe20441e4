"""A database outage answers 503 with Retry-After, in the user's language (JSON to who asks for JSON), never a 500.

The app recovers by itself once the database is back: PostgreSQL pools ping a connection before lending it
(`engine.db.make_engine`), so connections broken by the outage are replaced instead of failing the next request.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from webapp.api_errors import under_api

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


def init_app(app: Flask) -> None:
    for error in UNREACHABLE:
        app.register_error_handler(error, _unavailable)


def _unavailable(error: Exception) -> ResponseReturnValue:
    log.error("database unavailable for %s %s: %s", request.method, request.path, error)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    message = _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")
    if (
        under_api()
        or request.is_json
        or request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    ):
        return jsonify(error="database_unavailable", message=message, retry_after=RETRY_AFTER_SECONDS), 503, headers
    # The page stands alone: the site's layout asks the database who is signed in.
    return render_template("unavailable.html", message=message), 503, headers
