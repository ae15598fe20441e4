"""PostgreSQL goes away: pages answer 503 with Retry-After in Vietnamese (JSON to JSON clients), and come back alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from tests.e2e.conftest import csrf_token

pytestmark = [pytest.mark.postgresql, pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)]

PAGE = "/procedures"
VIETNAMESE = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu"


class Database:
    """The test database as its administrator sees it: connections cut, refused, allowed again."""

    def __init__(self, server, url: str) -> None:
        self.server, self.name = server, make_url(url).database

    def cut(self) -> None:
        self.server.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'"
            " AND pid <> pg_backend_pid()"
        )

    def allow(self, allowed: bool) -> None:
        self.server.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS {str(allowed).lower()}')


@pytest.fixture
def database(postgres_server, settings) -> Iterator[Database]:
    database = Database(postgres_server, settings.database_url)
    yield database
    database.allow(True)


def test_an_outage_answers_503_and_the_app_recovers(client, database):
    token = csrf_token(client, "/login")
    assert client.get(PAGE).status_code == 200

    database.cut()  # a restart of the server: the pooled connections are dead, the server is back
    assert client.get(PAGE).status_code == 200

    database.allow(False)
    database.cut()  # down: nothing connects
    page = client.get(PAGE)
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert VIETNAMESE in page.get_data(as_text=True) and page.mimetype == "text/html"
    api = client.get(PAGE, headers={"Accept": "application/json"})
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["error"] == "database_unavailable" and VIETNAMESE in api.get_json()["message"]
    posted = client.post("/login", data={"csrf_token": token, "login": "motcua.anhoa", "password": "x" * 12})
    assert posted.status_code == 503 and VIETNAMESE in posted.get_data(as_text=True)

    database.allow(True)
    assert client.get(PAGE).status_code == 200
