"""/healthz (the process answers) and /readyz (database, file store, scheduler lease, outbox age) as JSON for a
monitor polling every few seconds: 200 when every check passes, 503 naming the ones that fail."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from engine.operations.health import readiness

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok"), 200, {"Cache-Control": "no-store"}


@bp.route("/readyz")
def readyz() -> ResponseReturnValue:
    checks = readiness(current_app.extensions["motcua"])
    ready = all(check.ok for check in checks)
    body = {
        "status": "ok" if ready else "failing",
        "failing": [check.name for check in checks if not check.ok],
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return jsonify(body), 200 if ready else 503, {"Cache-Control": "no-store"}
