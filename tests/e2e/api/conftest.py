"""Fixtures for the REST API: keys issued through the real service, and calls that carry them."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.api_clients.keys import create_client
from engine.api_clients.scopes import Operation
from engine.models import User

AN_HOA = "000.01.10.H99"  # a ward that receives birth registrations
TAN_LAP = "000.01.11.H99"  # another commune
EVERYTHING = [op.value for op in Operation]

IssueKey = Callable[..., str]


@pytest.fixture
def issue_key(app, demo) -> IssueKey:
    """A new client's key, issued by the demo administrator (An Hòa and every operation unless told otherwise)."""
    rt = app.extensions["motcua"]
    counter = iter(range(1, 1000))

    def issue(agencies=(AN_HOA,), operations=EVERYTHING, rate_limit="100/minute", name="") -> str:
        with rt.unit_of_work() as uow:
            admin = uow.session.scalar(select(User.id).where(User.username == "quantri"))
        return create_client(
            rt,
            rt.unit_of_work(),
            actor_id=admin,
            name=name or f"Hệ thống {next(counter)}",
            agencies=list(agencies),
            operations=list(operations),
            rate_limit=rate_limit,
        ).key

    return issue


@pytest.fixture
def key(issue_key) -> str:
    return issue_key()


def bearer(key: str, language: str = "vi") -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", "Accept-Language": language}


def birth_registration(unit: str = AN_HOA, **more) -> dict:
    """A submission body for a birth registration, without files unless given."""
    return {
        "procedure": "1.001193",
        "receiving_unit": unit,
        "applicant": {"name": "Lê Văn Cường", "phone": "0912345678", "email": "cuong@example.vn"},
        **more,
    }


def as_file(document_id: int, filename: str, content: bytes) -> dict:
    return {"document_id": document_id, "filename": filename, "content": base64.b64encode(content).decode()}


def submitted(client: FlaskClient, key: str, body: dict | None = None) -> str:
    """The code of a dossier submitted through the API."""
    response = client.post("/api/dossiers", json=body or birth_registration(), headers=bearer(key))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["code"]
