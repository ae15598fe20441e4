"""Rate limits (Flask-Limiter) per client address; a refused request gets a page in the user's language.

Counts live in memory by default (one process); MOTCUA_RATELIMIT_STORAGE (e.g. redis://...) shares
them between processes. Views declare their own limits with `@limiter.limit(...)`.
"""

from __future__ import annotations

import os

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", os.environ.get("MOTCUA_RATELIMIT_STORAGE", "memory://"))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many)


def _too_many(error: RateLimitExceeded) -> ResponseReturnValue:
    return render_template("too_many.html", limit=error.limit), 429
