"""Journeys through the Flask test client, with demo data loaded and real CSRF tokens."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from flask.testing import FlaskClient

from engine.demo import DEMO_PASSWORD
from tests.integration.engine.conftest import Desk


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
    return re.search(r"/staff/tasks/(\d+)", page).group(1)


def sign_out(client: FlaskClient) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def document_ids(page: str) -> list[int]:
    """The document ids of the counter checklist, in the procedure's order."""
    return [int(found) for found in re.findall(r'name="file-(\d+)"', page)]


def receive_at_counter(client: FlaskClient, procedure: str, name: str, scans: dict[int, tuple[bytes, str]], **extra):
    """Post the counter form of a procedure as the signed-in clerk; `scans` maps document index to (bytes, name)."""
    path = f"/staff/counter?procedure={procedure}"
    page = client.get(path).get_data(as_text=True)
    ids = document_ids(page)
    data = {"csrf_token": csrf_token(client, path), "procedure": procedure, "applicant_name": name, **extra}
    for index, (content, filename) in scans.items():
        data[f"file-{ids[index]}"] = (BytesIO(content), filename)
    return client.post("/staff/counter", data=data, content_type="multipart/form-data")


@pytest.fixture
def desk(app, clock, demo) -> Desk:
    """Moves dossiers through the services, as the integration tests do, behind the pages under test."""
    return Desk(app.extensions["motcua"], clock)


def at_review(desk: Desk) -> str:
    """A company registration received at the provincial centre and handed over to Sở Tài chính."""
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    return code


def form_page(client: FlaskClient, path: str) -> tuple[str, dict[str, str]]:
    """A page and the CSRF token and dossier version its forms post back."""
    page = client.get(path).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    return page, {"csrf_token": csrf_token(client, path), "version": version.group(1) if version else ""}


def editor_fields(page: str) -> dict[str, str]:
    """Every input and selected option of a procedure's draft form, as a browser would post them."""
    form = page[page.index('id="draft"') :]
    form = form[: form.index("</form>")]
    fields = {
        name: value
        for name, value in re.findall(
            r'<input (?:class="[^"]*" )?name="([^"]+)" id="[^"]+" type="text" value="([^"]*)"', form
        )
    }
    fields |= dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    for name, options in re.findall(
        r'<select (?:class="[^"]*" )?(?:id="[^"]+" )?name="([^"]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[name] = chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', options).group(1)
    fields |= {name: "1" for name in re.findall(r'name="([^"]+)" value="1"[^>]*checked', form)}
    fields["legal_basis"] = re.search(
        r'<textarea (?:class="[^"]*" )?id="legal_basis" name="legal_basis"[^>]*>(.*?)</textarea>', form, re.S
    )[1]
    fields["result_type"] = re.search(r'id="result_type" name="result_type" value="([^"]*)"', form)[1]
    return {
        name: value.replace("&amp;", "&").replace("&#34;", '"').replace("&#39;", "'") for name, value in fields.items()
    }
