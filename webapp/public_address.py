"""Addresses handed to the outside world (the payment gateway, mail, QR codes) come from MOTCUA_PUBLIC_URL, never
from the request's Host header, which whoever sends the request chooses; in production a request naming a host
that is not trusted (MOTCUA_TRUSTED_HOSTS, by default the public URL's) is refused with 400."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError

from engine.settings import Settings


def init_app(app: Flask) -> None:
    settings: Settings = app.extensions["motcua"].settings
    if app.config["TRUSTED_HOSTS"] is None:  # Flask's default: any host
        app.config["TRUSTED_HOSTS"] = list(settings.allowed_hosts) or None
    app.register_error_handler(SecurityError, _untrusted_host)
    if settings.is_production and settings.public_url == Settings.public_url:
        app.logger.warning(
            "MOTCUA_PUBLIC_URL is not set: notices, QR codes and the payment gateway are given %s, and only that "
            "host name is served",
            settings.public_url,
        )


def _untrusted_host(error: SecurityError) -> ResponseReturnValue:
    """Plain text: no page can be built for a request whose host is not this site's (its links need that host)."""
    message = _("Yêu cầu không hợp lệ: địa chỉ máy chủ (Host) không thuộc trang này.")
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def public_url_for(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint` under the configured public URL."""
    base = current_app.extensions["motcua"].settings.public_url.rstrip("/")
    return base + current_app.url_map.bind("").build(endpoint, values)
