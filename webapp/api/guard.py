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

from engine.api_clients.keys import KeyMissing, KeyRefused, KeyRevoked, authenticate, record_call
from engine.api_clients.scopes import ClientIdentity
from engine.errors import N_, DomainError, InvalidData, NotAllowed, NotFound
from webapp.domain_errors import error_text, field_errors
from webapp.limits import limiter

ADDRESS_LIMIT = "600/minute"  # per client address, whatever the key: generous, it only stops a flood
STATUS = {KeyMissing: 401, KeyRefused: 401, KeyRevoked: 401, NotAllowed: 403, NotFound: 404}
HTTP_MESSAGES = {
    400: N_("Yêu cầu không đọc được: nội dung không phải JSON hợp lệ."),
    404: N_("Không tìm thấy tài nguyên này của API."),
    405: N_("Phương thức không được hỗ trợ cho tài nguyên này."),
    413: N_("Nội dung gửi lên quá lớn."),
    415: N_("Kiểu nội dung không được hỗ trợ: gửi application/json."),
    422: N_("Dữ liệu chưa hợp lệ."),
}
# marshmallow's messages, as the reader reads them; one not listed is passed on as marshmallow gave it
FIELD_MESSAGES = {
    "Missing data for required field.": N_("bắt buộc."),
    "Unknown field.": N_("trường không có trong mô tả API."),
    "Field may not be null.": N_("không được để trống (null)."),
    "Not a valid string.": N_("phải là chuỗi ký tự."),
    "Not a valid integer.": N_("phải là số nguyên."),
    "Not a valid list.": N_("phải là danh sách."),
    "Invalid input type.": N_("sai kiểu dữ liệu."),
    "Not valid base64.": N_("không phải base64 hợp lệ."),
    "NUL character.": N_("chứa ký tự NUL."),
    "Invalid JSON body.": N_("không phải JSON hợp lệ."),
}


def guard(bp: Blueprint) -> Blueprint:
    """Put a blueprint of the API behind keys, rate limits, JSON errors and the audit log.

    Calls are counted per client address before the key is checked (a wrong key costs an argon2 check), then per
    key."""
    limiter.limit(lambda: current_app.config.get("API_ADDRESS_LIMIT", ADDRESS_LIMIT))(bp)
    bp.register_error_handler(RateLimitExceeded, _address_over_limit)
    bp.before_request(_authenticate)
    bp.after_request(_audit)
    bp.register_error_handler(DomainError, _domain_error)
    bp.register_error_handler(HTTPException, _http_error)
    return bp


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
    response = jsonify(error="rate_limited", message=message % {"limit": identity.rate_limit, "seconds": wait})
    return response, 429, {"Retry-After": str(wait)}


def _address_over_limit(error: RateLimitExceeded) -> ResponseReturnValue:
    message = gettext("Quá nhiều lời gọi API từ địa chỉ này; thử lại sau ít phút.")
    return jsonify(error="rate_limited", message=message), 429, {"Retry-After": "60"}


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
    body: dict[str, Any] = {"error": error.code, "message": error_text(error)}
    if isinstance(error, InvalidData):
        body["errors"] = field_errors(error.errors)
    return jsonify(body), STATUS.get(type(error), 422)


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    known = HTTP_MESSAGES.get(code)
    body: dict[str, Any] = {
        "error": error.name.lower().replace(" ", "_"),
        "message": gettext(known) if known else error.name,
    }
    messages = getattr(error, "data", {}).get("messages")
    if messages:
        body["error"] = "invalid_data"
        body["message"] = gettext(HTTP_MESSAGES[422])
        body["errors"] = _field_messages(messages)
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return jsonify(body), code, headers


def _field_messages(messages: Any) -> dict[str, str]:
    """webargs' {location: {field: [messages]}} as {"applicant.name": "message"}, translated."""
    flat: dict[str, str] = {}
    for fields in messages.values():  # one entry per location: json, query, ...
        flat |= _flattened(fields, "")
    return flat


def _flattened(messages: Any, path: str) -> dict[str, str]:
    if isinstance(messages, dict):
        flat: dict[str, str] = {}
        for key, value in messages.items():
            flat |= _flattened(value, f"{path}.{key}" if path else str(key))
        return flat
    said = messages if isinstance(messages, list) else [messages]
    return {path or "body": " ".join(gettext(FIELD_MESSAGES[m]) if m in FIELD_MESSAGES else str(m) for m in said)}
