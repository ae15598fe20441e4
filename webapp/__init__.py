"""The Flask application factory; blueprints parse requests, call one service and render."""

from __future__ import annotations

from typing import Any

from flask import Flask

from engine.runtime import Runtime
from engine.settings import Settings
from reports.results import ResultDocuments
from sla.clock import Clock
from webapp import (
    account,
    admin,
    admin_agencies,
    admin_api_keys,
    admin_diagrams,
    admin_mailbox,
    admin_operations,
    admin_procedures,
    auth,
    catalog,
    content,
    content_images,
    content_labels,
    counter,
    dossier_list,
    dossiers,
    files,
    finance,
    health,
    home,
    hours,
    i18n,
    labels,
    layout,
    limits,
    metrics,
    numbers,
    outgoing,
    password,
    payments,
    public_address,
    questions,
    request_log,
    results,
    sandbox_gateway,
    security_headers,
    signatures,
    staff,
    staff_content,
    staff_questions,
    store,
    submission,
    text_guard,
    tracking,
    unavailable,
)
from webapp import api as api_package
from webapp import reports as reports_pages
from webapp import statistics as statistics_pages


def create_app(settings: Settings | None = None, *, clock: Clock | None = None, **config: Any) -> Flask:
    """Build the app for these settings (environment by default); `config` overrides Flask settings in tests."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_dir), instance_relative_config=False)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.startswith("https://"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.public_url.startswith("https://"),
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        MOTCUA_MAILBOX=settings.mailbox,  # the admin menu offers the in-app mailbox
    )
    app.config.update(config)
    numbers.init_app(app)  # before the blueprints: their `<int:...>` rules take the bounded converter
    app.extensions["motcua"] = Runtime.start(settings, clock, render_result=ResultDocuments.of(settings))
    request_log.init_app(app)  # first: every other hook and handler runs inside the request's id
    text_guard.init_app(app)
    metrics.init_app(app)
    public_address.init_app(app)
    security_headers.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    layout.init_app(app)
    content_labels.init_app(app)
    hours.init_app(app)
    limits.init_app(app)
    unavailable.init_app(app)
    auth.init_app(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(outgoing.bp)
    app.register_blueprint(questions.bp)
    app.register_blueprint(staff_questions.bp)
    app.register_blueprint(content.bp)
    app.register_blueprint(dossier_list.bp)
    app.register_blueprint(staff_content.bp)
    app.register_blueprint(content_images.bp)
    app.register_blueprint(counter.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(password.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(tracking.bp)
    app.register_blueprint(submission.bp)
    app.register_blueprint(store.bp)
    app.register_blueprint(results.bp)
    payments.init_app(app)
    app.register_blueprint(finance.bp)
    sandbox_gateway.init_app(app)
    app.register_blueprint(reports_pages.bp)
    app.register_blueprint(statistics_pages.bp)
    app.register_blueprint(dossiers.bp)
    app.register_blueprint(signatures.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_mailbox.bp)
    app.register_blueprint(admin_diagrams.bp)
    app.register_blueprint(admin_procedures.bp)
    app.register_blueprint(admin_agencies.bp)
    app.register_blueprint(admin_operations.bp)
    app.register_blueprint(admin_api_keys.bp)
    api_package.init_app(app)
    return app


def runtime(app: Flask) -> Runtime:
    """The core's running parts attached to this app."""
    return app.extensions["motcua"]
