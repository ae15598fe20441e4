"""Journeys through the Flask test client, with demo data loaded and real CSRF tokens."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from engine.demo import DEMO_PASSWORD


def csrf_token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, login: str, password: str = DEMO_PASSWORD, next_path: str = ""):
    url = "/login" + (f"?next={next_path}" if next_path else "")
    token = csrf_token(client, "/login")
    return client.post(url, data={"csrf_token": token, "login": login, "password": password})


def task_id_in(page: str) -> str:
    return re.search(r"/staff/tasks/(\d+)/claim", page).group(1)
