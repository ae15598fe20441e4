"""Vietnamese first, English on request: a person's explicit choice is kept in their session."""

from __future__ import annotations

from flask import Flask, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import Babel, get_locale

from engine.languages import LANGUAGES, localized

LOCALES = LANGUAGES


def select_locale() -> str:
    """The API's callers say it by Accept-Language; people choose it once for their session."""
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(LOCALES) or LOCALES[0]
    chosen = session.get("locale")
    return chosen if chosen in LOCALES else LOCALES[0]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["localized"] = in_reader_language
    app.add_url_rule("/lang/<code>", "set_locale", set_locale)


def set_locale(code: str) -> ResponseReturnValue:
    """Remember the chosen language and go back where the person was (never to another site)."""
    if code in LOCALES:
        session["locale"] = code
    target = request.referrer or "/"
    if not target.startswith(request.host_url):
        target = "/"
    return redirect(target)


def reader_language() -> str:
    """The language of the page being rendered; Vietnamese outside a request."""
    locale = get_locale()
    return locale.language if locale is not None else LOCALES[0]


def in_reader_language(item: object, field: str = "name") -> object:
    """Catalog data in the reader's language, Vietnamese where it has no English: `{{ version | localized }}`,
    `{{ version | localized("sector") }}`."""
    return localized(item, field, reader_language())
