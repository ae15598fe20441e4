"""Calls without a valid key are refused in the reader's language; revoked keys stop at once; every call by a client
is audited; each key has its own rate."""

from __future__ import annotations

from sqlalchemy import select

from engine.api_clients.keys import revoke_client
from engine.models import ApiClient, Event, User
from tests.e2e.api.conftest import bearer


def test_no_key_and_a_wrong_key_are_401_in_either_language(client, key):
    missing = client.get("/api/procedures", headers={"Accept-Language": "en"})
    assert missing.status_code == 401 and missing.get_json()["error"] == "key_missing"
    assert "Authorization: Bearer" in missing.get_json()["message"]
    assert client.get("/api/procedures").get_json()["message"].startswith("Thiếu khoá API")
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    for wrong in (forged, "mc_nothing_here", "not-a-key", key.replace("mc_", "xx_")):
        response = client.get("/api/procedures", headers=bearer(wrong, "en"))
        assert response.status_code == 401 and response.get_json()["error"] == "key_refused", wrong


def test_a_revoked_key_stops_working_and_its_account_with_it(app, client, key):
    assert client.get("/api/agencies", headers=bearer(key)).status_code == 200
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        admin = uow.session.scalar(select(User.id).where(User.username == "quantri"))
        client_id = uow.session.scalar(select(ApiClient.id))
    revoke_client(rt, rt.unit_of_work(), actor_id=admin, client_id=client_id)
    response = client.get("/api/agencies", headers=bearer(key, "en"))
    assert response.status_code == 401 and response.get_json()["error"] == "key_revoked"
    with rt.unit_of_work() as uow:
        assert not uow.session.get(ApiClient, client_id).user.is_active
        revoked = uow.session.scalar(select(Event).where(Event.action == "api_client_revoked"))
        assert revoked.actor_id == admin


def test_every_call_of_a_client_is_audited_with_its_answer(app, client, key):
    client.get("/api/agencies", headers=bearer(key))
    client.get("/api/dossiers/000.01.10.H99-261123-0042", headers=bearer(key))
    with app.extensions["motcua"].unit_of_work() as uow:
        calls = uow.session.scalars(select(Event).where(Event.action == "api_called").order_by(Event.id)).all()
        assert [(c.after["path"], c.after["status"], c.result) for c in calls] == [
            ("/api/agencies", 200, "ok"),
            ("/api/dossiers/000.01.10.H99-261123-0042", 404, "refused"),
        ]
        assert calls[1].after["dossier"] == "000.01.10.H99-261123-0042" and calls[0].actor_role == "api_client"


def test_each_key_has_its_own_rate(client, issue_key):
    hasty, calm = issue_key(rate_limit="3/minute"), issue_key(rate_limit="3/minute")
    answers = [client.get("/api/sectors", headers=bearer(hasty, "en")) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.get_json()["error"] == "rate_limited" and "3/minute" in refused.get_json()["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/api/sectors", headers=bearer(calm)).status_code == 200


def test_a_flood_from_one_address_is_stopped_before_keys_are_checked(app, client, key):
    app.config["API_ADDRESS_LIMIT"] = "5/minute"
    answers = [client.get("/api/sectors", headers=bearer(f"mc_guess{n}_x", "en")) for n in range(6)]
    assert [a.status_code for a in answers] == [401] * 5 + [429]
    assert answers[-1].get_json()["error"] == "rate_limited" and answers[-1].headers["Retry-After"]
    assert client.get("/api/sectors", headers=bearer(key)).status_code == 429  # the address, whatever the key
