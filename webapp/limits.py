"""Rate limits (Flask-Limiter) per client address; a refused request gets a page in the user's language.

Counts live in memory by default (one process); MOTCUA_RATELIMIT_STORAGE (e.g. redis://...) shares
them between processes. Views declare their own limits with `@limiter.limit(...)`; the sign-in throttle keeps its
failure counts in the same kind of storage.
"""

from __future__ import annotations

import os

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.storage import storage_from_string

from engine.people.sign_in_throttle import SignInThrottle
from webapp.api_errors import too_many, under_api

client_address = get_remote_address  # the address that limits and the sign-in throttle count by
limiter = Limiter(key_func=client_address)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", os.environ.get("MOTCUA_RATELIMIT_STORAGE", "memory://"))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # Each app says whether it limits: the one limiter otherwise keeps what the app made before it chose.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    app.extensions["sign_in_throttle"] = SignInThrottle(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))
    app.register_error_handler(RateLimitExceeded, _too_many)


def sign_in_throttle(app: Flask) -> SignInThrottle:
    """This app's count of wrong sign-ins per login and address."""
    return app.extensions["sign_in_throttle"]


def _too_many(error: RateLimitExceeded) -> ResponseReturnValue:
    if under_api():
        return too_many(error)
    return render_template("too_many.html", limit=error.limit), 429
