"""Under /api/ every error is one JSON shape in the reader's language, whatever answered it: never an HTML page."""

from __future__ import annotations

import pytest

from tests.e2e.api.conftest import bearer, birth_registration


def _shape(response, status: int, error: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.content_type == "application/json"
    body = response.get_json()
    assert body["error"] == error and body["message"] and "<html" not in response.get_data(as_text=True)
    return body


def test_an_unknown_path_under_the_api_is_a_json_404_in_either_language(client, key):
    assert _shape(client.get("/api/nothing-here"), 404, "not_found")["message"].startswith("Không tìm thấy")
    english = client.get("/api/docs/nothing", headers={"Accept-Language": "en"})
    assert _shape(english, 404, "not_found")["message"] == "No such resource in the API."
    assert "<html" in client.get("/nothing-here").get_data(as_text=True)  # the site keeps its own page


def test_a_method_the_resource_does_not_take_is_405_with_allow(client, key):
    response = client.delete("/api/procedures", headers=bearer(key))
    _shape(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_a_body_that_is_no_json_is_400_and_too_large_a_body_413(app, client, key):
    broken = client.post("/api/dossiers", data="{", content_type="application/json", headers=bearer(key, "en"))
    assert "JSON" in _shape(broken, 400, "malformed_json")["message"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    large = birth_registration(applicant={"name": "x" * 2000})
    _shape(client.post("/api/dossiers", json=large, headers=bearer(key)), 413, "request_entity_too_large")


def test_keys_and_scopes_refused_are_401_and_403(client, issue_key):
    _shape(client.get("/api/statistics"), 401, "key_missing")
    reader = issue_key(operations=["catalog:read"])
    _shape(client.get("/api/statistics", headers=bearer(reader)), 403, "not_allowed")


def test_a_fault_in_the_code_is_a_json_500_with_the_request_id(app, client, key, monkeypatch):
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("webapp.api.statistics.current_figures", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/statistics", headers=bearer(key, "en"))
    body = _shape(response, 500, "internal_server_error")
    assert response.headers["X-Request-ID"] in body["message"]


def test_a_flood_on_the_api_docs_page_is_a_json_429_too(app, client):
    app.config["API_ADDRESS_LIMIT"] = "2/minute"
    answers = [client.get("/api/docs") for _ in range(3)]
    _shape(answers[-1], 429, "rate_limited")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_description_documents_the_one_error_shape(client, language):
    spec = client.get("/api/openapi.json", headers={"Accept-Language": language}).get_json()
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error", "message", "errors"}
    error = {"$ref": "#/components/schemas/Error"}
    assert spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"]["schema"] == error
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "post"):
                assert "default" in operation["responses"], (method, path)
    for status in ("400", "401", "403", "404", "405", "409", "413", "422", "429", "500"):
        assert status in spec["info"]["description"]
