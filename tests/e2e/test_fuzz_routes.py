"""Every route, as every demo role, with hostile values in its path, query string and form: never a 500, and a
refused request (4xx) commits no INSERT, UPDATE or DELETE.

Values are sampled, not crossed: each (role, route, method) gets a few of them in turn, so the whole sweep stays
near a minute while every value meets every route under some role.
"""

from __future__ import annotations

import itertools
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, got_request_exception
from flask.testing import FlaskClient

from engine.models import (
    Agency,
    DossierFile,
    Procedure,
    ProcessDefinition,
    Question,
    TaskRow,
    TaskState,
    User,
)
from tests.e2e.conftest import csrf_token, sign_in

pytestmark = pytest.mark.usefixtures("demo")

ROLES = {
    "anonymous": None,
    "applicant": "nguyenvanan",
    "reception_clerk": "motcua.anhoa",
    "specialist": "chuyenvien.anhoa",
    "department_leader": "truongphong.anhoa",
    "agency_leader": "lanhdao.anhoa",
    "supervisor": "giamsat",
    "qa_editor": "bientap",
    "admin": "quantri",
    "procedure_manager": "quanly.stc",
}
HOSTILE = [
    "9" * 31,
    str(2**31),
    str(2**63),
    "-1",
    "0",
    "²",
    "٣",
    "",
    "x" * 10_000,
    "a\x00b",
    "1e400",
    "nan",
    "../../etc/passwd",
    "' OR 1=1 --",
]
HOSTILE_PATH = ["9" * 31, str(2**31), "-1", "٣", "x" * 2_000, "%00", "..%2F..%2Fetc"]
BAD_UTF8 = b"\xff\xfe\xc3\x28"
BAD_MULTIPART = (
    b'--b\r\nContent-Disposition: form-data; name="version"\r\n\r\n' + BAD_UTF8 + b"\r\n"
    b'--b\r\nContent-Disposition: form-data; name="file-1"; filename="' + BAD_UTF8 + b'.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n%PDF-1.4" + BAD_UTF8 + b"\r\n--b--\r\n"
)
SKIPPED = {"auth.logout", "static"}  # signing out ends the sweep's session; static files take no input
AUDITED_REFUSALS = {"payments.callback": {"events"}}  # a forged gateway callback is audited with its address
WEBAPP = Path(__file__).parents[2] / "webapp"


def field_names() -> list[str]:
    """Every name a form or a view reads: from the templates' inputs and the views' `.get("...")`."""
    names = set()
    for template in WEBAPP.glob("templates/**/*.html"):
        names.update(re.findall(r'name="([A-Za-z_][\w-]*)"', template.read_text()))
    for module in WEBAPP.glob("*.py"):
        names.update(re.findall(r'(?:args|form|request\.\w+)\.get(?:list)?\(\s*"([\w-]+)"', module.read_text()))
    names.update({"file-1", "document_1", "times-0-amount", "fees-0-amount_vnd", "documents-0-count", "page"})
    names.discard("csrf_token")
    return sorted(names)


FIELD_NAMES = field_names()


@dataclass
class Sweep:
    """The requests tried, and what went wrong with any of them."""

    tried: int = 0
    failures: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    def crashed(self, _sender: Flask, exception: BaseException, **_extra: object) -> None:
        where = traceback.extract_tb(exception.__traceback__)[-1]
        self.crashes.append(f"{type(exception).__name__}: {str(exception)[:160]} at {where.filename}:{where.lineno}")


class CommittedWrites:
    """Rows the app's committed transactions wrote, per table: each INSERT, UPDATE or DELETE that touched a row (or
    whose count the driver does not tell) is kept when its connection commits, forgotten when it rolls back. Unlike
    counting every table's rows after each request, this sees an UPDATE too, and costs nothing per request."""

    STATEMENT = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.pending: dict[int, Counter[str]] = {}
        self.committed: Counter[str] = Counter()

    def __enter__(self) -> CommittedWrites:
        sa.event.listen(self.engine, "after_cursor_execute", self.executed)
        sa.event.listen(self.engine, "commit", self.commit)
        sa.event.listen(self.engine, "rollback", self.rollback)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self.engine, "after_cursor_execute", self.executed)
        sa.event.remove(self.engine, "commit", self.commit)
        sa.event.remove(self.engine, "rollback", self.rollback)

    def executed(self, connection, cursor, statement: str, *_args) -> None:
        written = self.STATEMENT.match(statement)
        if written and cursor.rowcount != 0:
            self.pending.setdefault(id(connection), Counter())[written[1]] += max(cursor.rowcount, 1)

    def commit(self, connection) -> None:
        self.committed.update(self.pending.pop(id(connection), Counter()))

    def rollback(self, connection) -> None:
        self.pending.pop(id(connection), None)

    def take(self) -> Counter[str]:
        """What was committed since the last call."""
        taken, self.committed = self.committed, Counter()
        return taken


def valid_arguments(app: Flask, dossier: str) -> dict[str, dict[str, str]]:
    """For each blueprint, path values that name real objects, so hostile fields reach the views' depths."""
    with app.extensions["motcua"].unit_of_work() as uow:
        session = uow.session
        task = session.scalar(select_open_task())
        file_id = session.scalar(sa.select(DossierFile.id).limit(1)) or 1
        procedure = session.scalar(sa.select(Procedure.code).order_by(Procedure.code).limit(1))
        diagram = session.execute(sa.select(ProcessDefinition.process_key, ProcessDefinition.version).limit(1)).one()
        colleague = session.scalar(sa.select(User.id).where(User.username == "chuyenvien.csgt"))
        agency = session.scalar(sa.select(Agency.code).order_by(Agency.code).limit(1))
        question = session.scalar(sa.select(Question.code).order_by(Question.id).limit(1)) or "HD-0000-0000"
    shared = {
        "code": dossier,
        "task_id": str(task),
        "file_id": str(file_id),
        "user_id": str(colleague),
        "assignment_id": "1",
        "override_id": "1",
        "year": "2026",
        "draft_id": "1",
        "question_id": "1",
        "page": "1",
        "process_key": diagram[0],
        "number": str(diagram[1]),
        "procedure": procedure,
        "reference": "TT1",
        "kind": "receipt",
        "name": "to-khai",
        "fmt": "csv",
        "token": "abc",
    }
    return {
        "": shared,
        "catalog": {**shared, "code": procedure},
        "admin_procedures": {**shared, "code": procedure},
        "admin_agencies": {**shared, "code": agency},
        "staff_questions": {**shared, "code": question},
        "set_locale": {**shared, "code": "vi"},
    }


def select_open_task() -> sa.Select:
    return sa.select(TaskRow.id).where(TaskRow.state == TaskState.OPEN).order_by(TaskRow.id).limit(1)


def path_of(rule, values: dict[str, str]) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", values.get(name, "1"), path)  # a new route's id: the first one
    return path


def requests_for(rule, method: str, arguments: dict[str, str], turn: int) -> Iterator[tuple[str, dict]]:
    """This turn's (path, client options): one hostile value in each path part, two in every field, and for a post
    either a JSON body or a multipart body with bad UTF-8; the turns walk through all the values."""
    hostile_path = HOSTILE_PATH[turn % len(HOSTILE_PATH)]
    for name in rule.arguments:
        yield path_of(rule, {**arguments, name: hostile_path}), {}
    path = path_of(rule, arguments)
    values = [HOSTILE[(2 * turn + k) % len(HOSTILE)] for k in range(2)]
    for value in values:
        fields = dict.fromkeys(FIELD_NAMES, value)
        yield path, {"query_string": fields} if method == "GET" else {"data": fields}
    if method == "POST" and turn % 2:
        yield path, {"json": {"version": values[0], "data": [values[1]]}}
    elif method == "POST":
        yield path, {"data": BAD_MULTIPART, "content_type": "multipart/form-data; boundary=b"}


def send(
    client: FlaskClient, writes: CommittedWrites, request: tuple[str, str, str], token: str, options: dict, sweep: Sweep
) -> None:
    endpoint, method, path = request
    options = dict(options)
    if method != "GET":
        if isinstance(options.get("data"), dict):
            options["data"] = {**options["data"], "csrf_token": token}
        else:
            options["headers"] = {"X-CSRFToken": token}
    response = client.open(path, method=method, **options)
    sweep.tried += 1
    committed = writes.take()  # nothing else writes between two requests of the sweep
    label = f"{method} {path[:120]} {str(options)[:160]}"
    if response.status_code == 500:
        sweep.failures.append(f"{response.status_code} {label}\n    {sweep.crashes[-1] if sweep.crashes else ''}")
    elif 400 <= response.status_code < 500:
        allowed = AUDITED_REFUSALS.get(endpoint, set())
        written = {table: rows for table, rows in committed.items() if table not in allowed}
        if written:
            sweep.failures.append(f"{response.status_code} wrote {written}: {label}")


def test_no_route_answers_500_or_writes_when_it_refuses(app, dossier):
    arguments = valid_arguments(app, dossier)
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED), key=lambda r: r.rule)
    turn = itertools.count()
    sweep = Sweep()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers 500 and the sweep goes on to list them all
    got_request_exception.connect(sweep.crashed, app)
    with CommittedWrites(app.extensions["motcua"].engine) as writes:
        for address, (role, login) in enumerate(ROLES.items(), start=10):
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"192.0.2.{address}"  # each role its own rate limits
            if login:
                assert sign_in(client, login).status_code == 302, role
            token = csrf_token(client, "/login" if login is None else "/account/password")
            writes.take()  # signing in may write (the audit trail): not a refused request
            for rule in rules:
                blueprint = rule.endpoint.rpartition(".")[0] or rule.endpoint
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    for path, options in requests_for(
                        rule, method, arguments.get(blueprint, arguments[""]), next(turn)
                    ):
                        send(client, writes, (rule.endpoint, method, path), token, options, sweep)
    print(f"{sweep.tried} requests, {len(sweep.failures)} failures")
    assert not sweep.failures, "\n".join(sweep.failures[:40])


def test_the_sweep_sees_a_committed_update_and_not_what_rolled_back(app):
    engine = app.extensions["motcua"].engine

    def touch(username: str) -> sa.Update:
        return sa.update(User).where(User.username == username).values(username=User.username)

    with CommittedWrites(engine) as writes:
        with engine.begin() as connection:
            connection.execute(touch("giamsat"))
            connection.execute(touch("nobody"))  # no row: not a write
        with engine.connect() as connection:
            connection.execute(touch("bientap"))
            connection.rollback()
        assert writes.take() == Counter({"users": 1})
        assert writes.take() == Counter()
