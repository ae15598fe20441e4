"""Each request has an id: the proxy's X-Request-ID when well formed, else a new one; it comes back in the response
header and on error pages, and every log line of the request carries it, the request's own JSON line included."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from engine.logs import json_handler
from tests.e2e.conftest import sign_in


@pytest.fixture
def log_lines():
    """The JSON lines the process writes while the test runs, as `motcua web` configures them."""
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_well_formed_request_id_is_kept_and_others_are_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "edge-7f3a9c21.01"}).headers["X-Request-ID"] == (
        "edge-7f3a9c21.01"
    )
    for sent in ("short", "x" * 65, "abc def ghi jkl", 'a"},{"level":"ERROR"}', "giả-mạo-12345678"):
        given = client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
        assert given != sent and re.fullmatch(r"[0-9a-f]{32}", given)
    first, second = (client.get("/healthz").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_the_request_line_says_method_route_status_duration_and_user(client, log_lines, demo):
    sign_in(client, "quantri")
    client.get("/procedures/birth_registration", headers={"X-Request-ID": "trace-000000001"})
    [line] = [line for line in log_lines() if line.get("request_id") == "trace-000000001"]
    assert line["logger"] == "motcua.requests" and line["level"] == "INFO"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/procedures/<code>", 200)
    assert line["user_id"] > 0 and line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_what_the_core_logs_during_a_request_carries_its_id(app, log_lines):
    def service() -> str:  # a service below the web app logs with its own logger, knowing nothing of requests
        logging.getLogger("engine.notices.outbox").warning("outbox message 7 failed for good")
        return "done"

    app.add_url_rule("/test-service", "test_service", service)
    client = app.test_client()
    outside = logging.getLogger("engine.notices.outbox")
    outside.warning("before the request")
    answer = client.get("/test-service", headers={"X-Request-ID": "req-aaaa-0001"})
    client.get("/healthz", headers={"X-Request-ID": "req-bbbb-0002"})
    before, *lines = [(line["logger"], line["request_id"]) for line in log_lines()]
    assert answer.headers["X-Request-ID"] == "req-aaaa-0001"
    assert lines == [
        ("engine.notices.outbox", "req-aaaa-0001"),
        ("motcua.requests", "req-aaaa-0001"),
        ("motcua.requests", "req-bbbb-0002"),
    ]
    outside.warning("after the request")
    assert log_lines()[-1]["request_id"] == before[1]  # the thread's id as it was: a request leaves none behind


def test_an_error_page_shows_the_request_id_in_the_readers_language(client):
    answer = client.get("/no/such/page", headers={"X-Request-ID": "support-ticket-42"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 404 and answer.headers["X-Request-ID"] == "support-ticket-42"
    assert "Không tìm thấy trang bạn yêu cầu." in page and "support-ticket-42" in page
    wrong_method = client.delete("/healthz")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    assert wrong_method.headers["X-Request-ID"] in wrong_method.get_data(as_text=True)


def test_an_unexpected_error_answers_500_with_the_id_the_log_line_carries(app, log_lines):
    def broken() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/test-broken", "test_broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, where TESTING is off
    answer = app.test_client().get("/test-broken", headers={"X-Request-ID": "incident-0000042"})
    assert answer.status_code == 500 and answer.headers["X-Request-ID"] == "incident-0000042"
    page = answer.get_data(as_text=True)
    assert "Hệ thống gặp sự cố khi xử lý yêu cầu" in page and "incident-0000042" in page and "a bug" not in page
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["request_id"] == "incident-0000042" and "RuntimeError: a bug" in error["exc_info"]
