"""Journeys through the Flask test client, with demo data loaded and real CSRF tokens."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.demo import DEMO_PASSWORD, load_demo_data
from engine.models import Channel, User
from engine.services.submission import Applicant, submit


@pytest.fixture
def demo(app, clock) -> None:
    with app.extensions["motcua"].unit_of_work() as uow:
        load_demo_data(uow.session, clock.now())
        uow.commit()


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


@pytest.fixture
def dossier(app, demo) -> str:
    """A birth registration just submitted at the An Hòa ward's counter."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        clerk = uow.session.scalar(select(User.id).where(User.username == "motcua.anhoa"))
    return submit(
        rt,
        rt.unit_of_work(),
        procedure="birth_registration",
        receiving_unit="000.01.10.H99",
        channel=Channel.COUNTER,
        actor_id=clerk,
        applicant=Applicant("Nguyễn Thị Hoa"),
    ).dossier_code
