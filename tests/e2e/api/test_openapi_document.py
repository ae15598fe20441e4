"""The API's OpenAPI description is valid, covers every resource, and is browsable from the app's own files."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

RESOURCES = {
    "/api/procedures",
    "/api/procedures/{code}",
    "/api/sectors",
    "/api/agencies",
    "/api/dossiers",
    "/api/dossiers/{code}",
    "/api/dossiers/{code}/history",
    "/api/dossiers/{code}/results",
    "/api/dossiers/{code}/results/{file_id}",
    "/api/statistics",
    "/api/questions",
    "/api/national/questions",
}


def test_the_description_validates_and_names_every_resource(client):
    response = client.get("/api/openapi.json")
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.") and set(spec["paths"]) == RESOURCES
    assert spec["components"]["securitySchemes"]["apiKey"] == {"type": "http", "scheme": "bearer"}
    assert spec["security"] == [{"apiKey": []}]
    submission = spec["paths"]["/api/dossiers"]["post"]
    assert "201" in submission["responses"] and submission["requestBody"]["required"]


def test_the_browser_page_loads_only_the_apps_own_files(client):
    page = client.get("/api/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<script>" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert set(assets) == {
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    }
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert 'data-spec="/api/openapi.json"' in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
