"""The REST API under /api/ (flask-smorest): its OpenAPI 3 description at /api/openapi.json, browsable at /api/docs.

Other systems call it with a key (`Authorization: Bearer <key>`); see `webapp.api.guard` and docs/api.md.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.typing import ResponseReturnValue
from flask_smorest import Api

from webapp.api import catalog, dossiers, questions, schemas, statistics
from webapp.auth import csrf

VERSION = "1.0"
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
            "info": {"description": "Danh mục thủ tục, hồ sơ, kết quả và thống kê cho các hệ thống kết nối."},
            "security": [{"apiKey": []}],
        },
    )
    api = JsonErrorsOnlyHere(app)
    api.spec.components.security_scheme("apiKey", {"type": "http", "scheme": "bearer"})
    for blueprint in (catalog.bp, dossiers.bp, statistics.bp, questions.bp):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.register_blueprint(docs)


@docs.route("/docs")
def browse() -> ResponseReturnValue:
    """Swagger UI over /api/openapi.json, from the app's own files."""
    return render_template("api/docs.html")
