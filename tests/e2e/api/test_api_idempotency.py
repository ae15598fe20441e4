"""A creating call sent again with the same Idempotency-Key answers the first answer, never a second dossier; the
same key with another body is refused; keys are each client's own and kept seven days."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from engine.api_clients.idempotency import KEPT_DAYS, RUNNING_AT_MOST, forget_expired
from engine.models import Dossier, IdempotencyKey
from tests.e2e.api.conftest import bearer, birth_registration


def _dossiers(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Dossier))


def _with_key(key: str, idempotency_key: str, language: str = "vi") -> dict[str, str]:
    return bearer(key, language) | {"Idempotency-Key": idempotency_key}


def test_the_same_call_again_answers_the_first_answer(app, client, key):
    before = _dossiers(app)
    first = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "lan-1"))
    again = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "lan-1"))
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _dossiers(app) == before + 1
    other = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "lan-2"))
    assert other.get_json()["code"] != first.get_json()["code"] and _dossiers(app) == before + 2


def test_the_same_key_with_another_body_is_refused(app, client, key):
    client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "k"))
    changed = birth_registration(applicant={"name": "Trần Thị Mai", "phone": "0912000111"})
    refused = client.post("/api/dossiers", json=changed, headers=_with_key(key, "k", "en"))
    assert refused.status_code == 422 and refused.get_json()["error"] == "idempotency_key_reused"
    assert "«k»" in refused.get_json()["message"] and "new key" in refused.get_json()["message"]


def test_keys_are_each_clients_own(app, client, issue_key):
    one, other = issue_key(), issue_key()
    before = _dossiers(app)
    codes = {
        client.post("/api/dossiers", json=birth_registration(), headers=_with_key(k, "same")).get_json()["code"]
        for k in (one, other)
    }
    assert len(codes) == 2 and _dossiers(app) == before + 2


def test_a_refused_call_frees_its_key_for_the_corrected_one(app, client, key):
    wrong = birth_registration(applicant={"name": ""})
    assert client.post("/api/dossiers", json=wrong, headers=_with_key(key, "fix")).status_code == 422
    corrected = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "fix"))
    assert corrected.status_code == 201


def test_an_empty_or_overlong_key_is_a_field_error(client, key):
    for bad in ("", "x" * 256):
        refused = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, bad, "en"))
        assert refused.status_code == 422 and "Idempotency-Key" in refused.get_json()["errors"]


def test_keys_are_kept_seven_days(app, client, clock, key):
    first = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "week"))
    clock.advance(timedelta(days=KEPT_DAYS, minutes=1))
    later = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "week"))
    assert later.status_code == 201 and later.get_json()["code"] != first.get_json()["code"]
    clock.advance(timedelta(days=KEPT_DAYS, minutes=1))
    assert forget_expired(app.extensions["motcua"]) == 1
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_two_identical_calls_at_once_create_one_dossier(app, key):
    assert app.test_client().get("/api/sectors", headers=bearer(key)).status_code == 200  # the key verified once
    before = _dossiers(app)
    start, answers = threading.Barrier(2), []

    def call() -> None:
        start.wait()
        answer = app.test_client().post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "race"))
        answers.append((answer.status_code, answer.get_json()))

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _dossiers(app) == before + 1
    statuses = sorted(status for status, _ in answers)
    assert statuses in ([201, 201], [201, 409]), answers
    if statuses == [201, 409]:
        assert next(body for status, body in answers if status == 409)["error"] == "idempotency_key_in_progress"
    else:
        assert answers[0][1] == answers[1][1]


def test_a_key_left_running_by_a_crashed_call_is_taken_over_after_a_few_minutes(app, client, clock, key):
    client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "crash"))
    with app.extensions["motcua"].unit_of_work() as uow:  # the process died before it kept the answer
        left = uow.session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "crash"))
        left.status, left.content_type, left.body = None, "", ""
        uow.commit()
    clock.advance(RUNNING_AT_MOST - timedelta(seconds=1))
    waiting = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "crash"))
    assert waiting.status_code == 409 and waiting.get_json()["error"] == "idempotency_key_in_progress"
    clock.advance(timedelta(seconds=2))
    retried = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "crash"))
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    again = client.post("/api/dossiers", json=birth_registration(), headers=_with_key(key, "crash"))
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json() == retried.get_json()
