"""The REST API under /api/ (flask-smorest): its OpenAPI 3 description at /api/openapi.json, browsable at /api/docs.

Other systems call it with a key (`Authorization: Bearer <key>`); see `webapp.api.guard` and docs/api.md.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.typing import ResponseReturnValue
from flask_smorest import Api

from webapp.api import catalog, dossiers, questions, schemas, statistics
from webapp.api.guard import address_limit
from webapp.auth import csrf
from webapp.limits import limiter

VERSION = "1.0"
DESCRIPTION = """Danh mục thủ tục, hồ sơ, kết quả và thống kê cho các hệ thống kết nối.

Every error under /api/ is the `Error` schema, `{"error": code, "message": text, "errors": {field: text}}`, in the
language of `Accept-Language` (vi, en): 400 `malformed_json`, 401 `key_missing` / `key_refused` / `key_revoked`,
403 `not_allowed`, 404 `not_found`, 405 `method_not_allowed` (with `Allow`), 409 `idempotency_key_in_progress`,
413 `request_entity_too_large`, 422 `invalid_data` (each field in `errors`) or `idempotency_key_reused`,
429 `rate_limited` (with `Retry-After`), 500 `internal_server_error` (the message names the request id),
503 `database_unavailable`.

A POST that creates (`/api/dossiers`, `/api/questions`, `/api/national/questions`) takes an `Idempotency-Key` header:
the same key with the same body answers the first answer again (header `Idempotent-Replayed: true`); the same key
with another body is refused (422). Keys are the calling client's own and kept 7 days."""
docs = Blueprint("api_docs_page", __name__, url_prefix="/api")


class JsonErrorsOnlyHere(Api):
    """flask-smorest's Api, without its app-wide JSON error handler: the site's pages keep their own error pages,
    and the API's blueprints answer JSON errors themselves."""

    ERROR_SCHEMA = schemas.Error

    def _register_error_handlers(self) -> None:
        """Each API blueprint registers its own (`webapp.api.guard.guard`)."""


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="Một Cửa API",
        API_VERSION=VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": DESCRIPTION},
            "security": [{"apiKey": []}],
        },
    )
    api = JsonErrorsOnlyHere(app)
    api.spec.components.security_scheme("apiKey", {"type": "http", "scheme": "bearer"})
    for blueprint in (catalog.bp, dossiers.bp, statistics.bp, questions.bp):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    limiter.limit(address_limit)(docs)
    app.register_blueprint(docs)


@docs.route("/docs")
def browse() -> ResponseReturnValue:
    """Swagger UI over /api/openapi.json, from the app's own files."""
    return render_template("api/docs.html")
