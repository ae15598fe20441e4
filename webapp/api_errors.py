"""Errors under /api/ in one JSON shape, `{"error", "message", "errors"}`, in the reader's language: the API's own
blueprints answer with it, and so do the app's handlers when the path is under /api/ (an unknown path, a method
the resource does not take, an untrusted host, a database outage) — never an HTML page to a calling system."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from engine.errors import N_

PREFIX = "/api/"
HTTP_MESSAGES = {
    400: N_("Yêu cầu không đọc được: nội dung không phải JSON hợp lệ."),
    404: N_("Không tìm thấy tài nguyên này của API."),
    405: N_("Phương thức không được hỗ trợ cho tài nguyên này."),
    413: N_("Nội dung gửi lên quá lớn."),
    415: N_("Kiểu nội dung không được hỗ trợ: gửi application/json."),
    422: N_("Dữ liệu chưa hợp lệ."),
    500: N_("Lỗi hệ thống; lỗi đã được ghi lại. Khi báo quản trị, xin nêu mã yêu cầu {request_id}."),
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


def under_api() -> bool:
    """The request is for the API (its description and Swagger page included)."""
    return request.path.startswith(PREFIX)


def error_answer(error: str, message: str, status: int, **more: Any) -> ResponseReturnValue:
    """The one error shape; `more` adds `errors` or headers' companions such as `retry_after`."""
    return jsonify(error=error, message=message, **more), status


def too_many(_error: Exception | None = None) -> ResponseReturnValue:
    """Too many calls from one address, whatever the key (Flask-Limiter's refusal)."""
    body, status = error_answer(
        "rate_limited", gettext("Quá nhiều lời gọi API từ địa chỉ này; thử lại sau ít phút."), 429
    )
    return body, status, {"Retry-After": "60"}


def http_error(error: HTTPException) -> ResponseReturnValue:
    """An HTTP error (404, 405, 400, 413, 500 ...) or webargs' refusal of a body, as JSON with its headers kept."""
    code = error.code or 500
    known = HTTP_MESSAGES.get(code)
    name = error.name.lower().replace(" ", "_")
    message = gettext(known).format(request_id=g.get("request_id", "")) if known else error.name
    more: dict[str, Any] = {}
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages and code == 400:  # webargs: the body is no JSON
        name = "malformed_json"
    elif messages:
        name, message, more["errors"] = "invalid_data", gettext(HTTP_MESSAGES[422]), _field_messages(messages)
    headers = [(key, value) for key, value in error.get_headers() if key.lower() != "content-type"]
    body, status = error_answer(name, message, code, **more)
    return body, status, headers


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
