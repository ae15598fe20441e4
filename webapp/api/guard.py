"""Every API call: the key authenticated, the client's rate counted, errors answered as JSON in the reader's
language, and the call written to the audit log."""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from limits import parse
from marshmallow import Schema
from werkzeug.exceptions import HTTPException

from engine.api_clients.idempotency import Answer, KeyInProgress, claim, fingerprint, settle
from engine.api_clients.keys import KeyMissing, KeyRefused, KeyRevoked, authenticate, record_call
from engine.api_clients.scopes import ClientIdentity
from engine.errors import DomainError, InvalidData, NotAllowed, NotFound
from webapp.api_errors import error_answer, http_error, too_many
from webapp.domain_errors import error_text, field_errors
from webapp.limits import limiter

ADDRESS_LIMIT = "600/minute"  # per client address, whatever the key: generous, it only stops a flood
STATUS = {KeyMissing: 401, KeyRefused: 401, KeyRevoked: 401, NotAllowed: 403, NotFound: 404, KeyInProgress: 409}
IDEMPOTENCY_HEADER = "Idempotency-Key"


def guard(bp: Blueprint) -> Blueprint:
    """Put a blueprint of the API behind keys, rate limits, JSON errors and the audit log.

    Calls are counted per client address before the key is checked (a wrong key costs an argon2 check), then per
    key."""
    limiter.limit(address_limit)(bp)
    bp.register_error_handler(RateLimitExceeded, too_many)
    bp.before_request(_authenticate)
    bp.after_request(_audit)
    bp.register_error_handler(DomainError, _domain_error)
    bp.register_error_handler(HTTPException, http_error)
    bp.before_request(_replay_or_claim)
    bp.after_request(_settle)
    bp.teardown_request(_free)
    return bp


def address_limit() -> str:
    """The calls one address may make (app setting API_ADDRESS_LIMIT)."""
    return current_app.config.get("API_ADDRESS_LIMIT", ADDRESS_LIMIT)


def client() -> ClientIdentity:
    """The client behind this request (authenticated before any view runs)."""
    return g.api_client


def answer(schema: Schema, found: Any, status: int = 200, **more: Any) -> Response:
    """The resource dumped while its session is still open (the view's `@response` schema documents it)."""
    body = schema.dump(found)
    return make_response(jsonify(body | more if more else body), status)


def _authenticate() -> ResponseReturnValue | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    with current_app.extensions["motcua"].unit_of_work() as uow:
        g.api_client = authenticate(uow.session, key.strip() if scheme.lower() == "bearer" else "")
    return _counted(g.api_client)


def _counted(identity: ClientIdentity) -> ResponseReturnValue | None:
    """Over the client's own rate: 429 with the seconds to wait."""
    item = parse(identity.rate_limit)
    if limiter.limiter.hit(item, "api-key", str(identity.id)):
        return None
    reset, _remaining = limiter.limiter.get_window_stats(item, "api-key", str(identity.id))
    wait = max(1, math.ceil(reset - time.time()))
    message = gettext("Vượt giới hạn %(limit)s lời gọi cho khoá API này; thử lại sau %(seconds)d giây.")
    body, status = error_answer("rate_limited", message % {"limit": identity.rate_limit, "seconds": wait}, 429)
    return body, status, {"Retry-After": str(wait)}


def address_over_limit(_error: RateLimitExceeded | None = None) -> ResponseReturnValue:
    """Too many calls from one address, whatever the key."""
    body, status = error_answer(
        "rate_limited", gettext("Quá nhiều lời gọi API từ địa chỉ này; thử lại sau ít phút."), 429
    )
    return body, status, {"Retry-After": "60"}


def _audit(response: Any) -> Any:
    identity = g.get("api_client")
    if identity is not None:
        rt = current_app.extensions["motcua"]
        with rt.unit_of_work() as uow:
            record_call(
                uow.session,
                identity,
                rt.clock.now(),
                method=request.method,
                path=request.path,
                status=response.status_code,
                dossier_code=(request.view_args or {}).get("code", "") if request.blueprint == "api_dossiers" else "",
            )
            uow.commit()
    return response


def _domain_error(error: DomainError) -> ResponseReturnValue:
    more = {"errors": field_errors(error.errors)} if isinstance(error, InvalidData) else {}
    return error_answer(error.code, error_text(error), STATUS.get(type(error), 422), **more)


def _replay_or_claim() -> ResponseReturnValue | None:
    """A POST with an Idempotency-Key: the first answer to that key replayed, or the key claimed for this call."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if request.method != "POST" or key is None:
        return None
    rt = current_app.extensions["motcua"]
    first = claim(rt, client().id, key.strip(), fingerprint(request.method, request.path, request.get_data()))
    if first is not None:
        return Response(
            first.body, first.status, content_type=first.content_type, headers={"Idempotent-Replayed": "true"}
        )
    g.idempotency_key = key.strip()
    return None


def _settle(response: Response) -> Response:
    key = g.pop("idempotency_key", None)
    if key is not None:
        answer = Answer(response.status_code, response.content_type or "", response.get_data(as_text=True))
        settle(current_app.extensions["motcua"], client().id, key, answer)
    return response


def _free(_error: BaseException | None) -> None:
    """A call that ended without an answer (an error no handler turned into one) frees its key."""
    key = g.pop("idempotency_key", None)
    if key is not None:
        settle(current_app.extensions["motcua"], client().id, key, Answer(500, "", ""))
