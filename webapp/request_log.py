"""Every request gets an id (the proxy's X-Request-ID when well formed) that its log lines, its response header and
its error page carry, and one JSON log line when it ends: method, route, status, duration and user."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from engine.logs import new_request_id, request_id
from webapp.api_errors import http_error, under_api

HEADER = "X-Request-ID"
log = logging.getLogger("motcua.requests")


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_end)
    app.teardown_request(_forget)
    app.register_error_handler(HTTPException, _error_page)  # an unhandled exception comes as InternalServerError


def route() -> str:
    """The rule the request matched (`/staff/tasks/<int:task_id>`), never the raw path: bounded, and no codes in it."""
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def elapsed() -> float:
    """Seconds since the request began."""
    return time.perf_counter() - g.get("request_started", time.perf_counter())


def _begin() -> None:
    g.request_started = time.perf_counter()
    g.request_id = new_request_id(request.headers.get(HEADER))
    g.request_id_token = request_id.set(g.request_id)


def _end(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id", "")
    # The user only when this request loaded them already: asking Flask-Login would cost a query per static file.
    user = g.get("_login_user")
    log.info(
        "%s %s %s",
        request.method,
        route(),
        response.status_code,
        extra={
            "method": request.method,
            "route": route(),
            "status": response.status_code,
            "duration_ms": round(elapsed() * 1000, 1),
            "user_id": getattr(user, "id", None),
        },
    )
    return response


def _forget(_error: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id.reset(token)


def _error_page(error: HTTPException) -> ResponseReturnValue:
    """The error in the reader's language with the request id to quote to the administrator; redirects and errors
    that bring their own response pass unchanged, headers such as 405's Allow are kept."""
    if error.code is None or error.code < 400 or error.response is not None:
        return error
    if under_api():
        return http_error(error)
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return render_template("error.html", code=error.code, request_id=g.get("request_id", "")), error.code, headers
