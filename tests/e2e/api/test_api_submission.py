"""Another system submits a dossier through the API: the same submission service, checks and refusals as the counter."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.models import Channel, Dossier, DossierFile, DossierStatus, Event
from tests import sample_files
from tests.e2e.api.conftest import AN_HOA, TAN_LAP, as_file, bearer, birth_registration, submitted


def _dossiers(app) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Dossier))


def _documents(client, key) -> list[dict]:
    return client.get("/api/procedures/1.001193", headers=bearer(key)).get_json()["documents"]


def test_a_submitted_dossier_waits_for_the_reception_check_with_its_files(app, client, key):
    declaration = _documents(client, key)[0]["id"]
    body = birth_registration(files=[as_file(declaration, "tờ khai.pdf", sample_files.pdf())])
    code = submitted(client, key, body)
    with app.extensions["motcua"].unit_of_work() as uow:
        dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
        assert dossier.channel is Channel.COUNTER and dossier.receiving_unit.code == AN_HOA
        assert dossier.applicant_name == "Lê Văn Cường" and dossier.status is DossierStatus.NEW
        files = uow.session.scalars(select(DossierFile).where(DossierFile.dossier_id == dossier.id)).all()
        assert [(f.document_id, f.filename) for f in files] == [(declaration, "tờ khai.pdf")]
        submitted_event = uow.session.scalar(
            select(Event).where(Event.dossier_id == dossier.id, Event.action == "dossier_submitted")
        )
        assert submitted_event.actor_name.startswith("Hệ thống")
    status = client.get(f"/api/dossiers/{code}", headers=bearer(key)).get_json()
    assert status["status"] == 1 and [step["behaviour"] for step in status["steps"]] == ["check_completeness"]


def test_a_unit_outside_the_keys_agencies_is_refused(app, client, key):
    response = client.post("/api/dossiers", json=birth_registration(TAN_LAP), headers=bearer(key, "en"))
    assert response.status_code == 403
    assert response.get_json()["error"] == "not_allowed" and "submit" in response.get_json()["message"]
    assert _dossiers(app) == 0


def test_a_key_without_the_submit_scope_is_refused(app, client, issue_key):
    reader = issue_key(operations=["dossiers:read"])
    response = client.post("/api/dossiers", json=birth_registration(), headers=bearer(reader))
    assert response.status_code == 403 and response.get_json()["error"] == "not_allowed"
    assert _dossiers(app) == 0


def test_a_malformed_body_names_each_field_in_the_readers_language(app, client, key):
    body = {"procedure": "1.001193", "applicant": {"phone": 12}, "files": [{"document_id": "x", "content": "%%"}]}
    response = client.post("/api/dossiers", json=body, headers=bearer(key, "en"))
    answer = response.get_json()
    assert response.status_code == 422 and answer["error"] == "invalid_data"
    assert answer["message"] == "The data is not valid."
    assert answer["errors"]["receiving_unit"] == "required."
    assert answer["errors"]["applicant.name"] == "required."
    assert answer["errors"]["files.0.content"] == "not valid base64."
    vietnamese = client.post("/api/dossiers", json=body, headers=bearer(key)).get_json()
    assert vietnamese["message"] == "Dữ liệu chưa hợp lệ." and vietnamese["errors"]["receiving_unit"] == "bắt buộc."
    assert _dossiers(app) == 0


def test_a_body_that_is_not_json_is_a_400(app, client, key):
    response = client.post(
        "/api/dossiers", data="{not json", headers=bearer(key) | {"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.get_json()["error"] == "malformed_json"
    assert _dossiers(app) == 0


def test_a_nul_character_is_refused_before_the_database(app, client, key):
    body = birth_registration(applicant={"name": "Lê\x00Văn"})
    response = client.post("/api/dossiers", json=body, headers=bearer(key))
    assert response.status_code == 422 and "applicant.name" in response.get_json()["errors"]
    assert _dossiers(app) == 0


def test_a_file_the_service_refuses_writes_nothing(app, client, key):
    declaration = _documents(client, key)[0]["id"]
    fake = as_file(declaration, "tờ khai.pdf", b"MZ\x90\x00 this is no PDF")
    response = client.post("/api/dossiers", json=birth_registration(files=[fake]), headers=bearer(key))
    answer = response.get_json()
    assert response.status_code == 422 and answer["error"] == "invalid_data"
    assert "tờ khai.pdf" in answer["message"] and answer["errors"]
    assert _dossiers(app) == 0


def test_an_unknown_procedure_is_a_404(app, client, key):
    body = birth_registration(procedure="9.999999")
    response = client.post("/api/dossiers", json=body, headers=bearer(key, "en"))
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
