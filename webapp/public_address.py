"""Addresses handed to the outside world (the payment gateway, mail, QR codes) come from MOTCUA_PUBLIC_URL, never
from the request's Host header, which whoever sends the request chooses; in production a request naming a host
that is not trusted (MOTCUA_TRUSTED_HOSTS, by default the public URL's) is refused with 400, except the health
probes, which a load balancer or orchestrator sends under its own address and which build no link."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError

from engine.settings import Settings
from webapp.api_errors import error_answer, under_api


def init_app(app: Flask) -> None:
    settings: Settings = app.extensions["motcua"].settings
    if app.config["TRUSTED_HOSTS"] is None:  # Flask's default: any host
        app.config["TRUSTED_HOSTS"] = list(settings.allowed_hosts) or None
    app.register_error_handler(SecurityError, _untrusted_host)
    if app.config["TRUSTED_HOSTS"]:
        app.wsgi_app = _ProbesUnderThePublicHost(app.wsgi_app, urlsplit(settings.public_url).netloc)  # type: ignore[method-assign]
    if settings.is_production and settings.public_url == Settings.public_url:
        app.logger.warning(
            "MOTCUA_PUBLIC_URL is not set: notices, QR codes and the payment gateway are given %s, and only that "
            "host name is served",
            settings.public_url,
        )


PROBES = frozenset({"/healthz", "/readyz"})


class _ProbesUnderThePublicHost:
    """A health probe is answered whatever Host it names: it is read as if sent to the public host."""

    def __init__(self, app: Callable[..., Iterable[bytes]], host: str) -> None:
        self.app, self.host = app, host

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in PROBES:
            environ = {**environ, "HTTP_HOST": self.host}
        return self.app(environ, start_response)


def _untrusted_host(error: SecurityError) -> ResponseReturnValue:
    """Plain text: no page can be built for a request whose host is not this site's (its links need that host)."""
    message = _("Yêu cầu không hợp lệ: địa chỉ máy chủ (Host) không thuộc trang này.")
    if under_api():
        return error_answer("untrusted_host", message, 400)
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def public_url_for(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint` under the configured public URL."""
    base = current_app.extensions["motcua"].settings.public_url.rstrip("/")
    return base + current_app.url_map.bind("").build(endpoint, values)
