"""Security headers on every response: a content security policy that the app's own pages satisfy (every script and
style sheet is a file the app serves, no inline code), no framing by other sites, the referrer kept on this site, no
MIME sniffing, HSTS when the request came over https.

Behind a reverse proxy, `MOTCUA_PROXY_COUNT` proxies are trusted for the client's address and scheme
(X-Forwarded-For, X-Forwarded-Proto); without it those headers are ignored, as whoever sends a request chooses them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

View = TypeVar("View", bound=Callable[..., object])

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # bpmn-js's style sheet draws an icon as a data: image
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
)
HSTS = "max-age=31536000"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def init_app(app: Flask) -> None:
    proxies = app.extensions["motcua"].settings.proxy_count
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.after_request(_add_headers)


def frameable_by_this_site(view: View) -> View:
    """Let this site's own pages show the view's response in a frame (a dossier file inside the task page)."""
    view.frameable_by_this_site = True  # type: ignore[attr-defined]
    return view


def _add_headers(response: Response) -> Response:
    view = current_app.view_functions.get(request.endpoint or "")
    framing = "'self'" if getattr(view, "frameable_by_this_site", False) else "'none'"
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _policy(framing))
    headers.setdefault("X-Frame-Options", "SAMEORIGIN" if framing == "'self'" else "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _policy(framing: str) -> str:
    """The policy, with forms allowed to lead to the payment gateway (a form posts here, then is sent on there)."""
    gateway = urlsplit(current_app.config.get("PAYMENT_GATEWAY_URL", ""))
    targets = f"'self' {gateway.scheme}://{gateway.netloc}" if gateway.scheme and gateway.netloc else "'self'"
    return "; ".join((*POLICY, f"form-action {targets}", f"frame-ancestors {framing}"))
