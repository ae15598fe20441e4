"""A client reads the status, history and issued documents of its own agencies' dossiers, and nothing of others'."""

from __future__ import annotations

from reports.issuing import issue_document
from tests.e2e.api.conftest import TAN_LAP, bearer, submitted


def test_status_and_history_follow_the_steps(client, key, desk):
    code = submitted(client, key)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    status = client.get(f"/api/dossiers/{code}", headers=bearer(key)).get_json()
    assert status["code"] == code and status["procedure"] == "1.001193"
    assert status["status"] == 2 and status["status_name"] == "received" and status["due_at"]
    assert status["received_at"].endswith("+00:00") and status["receiving_unit"] == "000.01.10.H99"
    history = client.get(f"/api/dossiers/{code}/history", headers=bearer(key)).get_json()
    actions = [entry["action"] for entry in history]
    assert actions[0] == "dossier_submitted" and "task_completed" in actions
    completed = next(entry for entry in history if entry["action"] == "task_completed")
    assert completed["step"]["behaviour"] == "check_completeness" and completed["actor"]
    assert "api_called" not in actions  # the calls are audited apart from the dossier's own steps


def test_issued_documents_are_listed_and_downloaded(client, key, desk):
    code = submitted(client, key)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    rt = desk.runtime
    issue_document(
        rt, rt.unit_of_work(), dossier_code=code, kind="control_sheet", actor_id=desk.user_id("motcua.anhoa")
    )
    documents = client.get(f"/api/dossiers/{code}/results", headers=bearer(key)).get_json()
    assert [(d["kind"], d["filename"]) for d in documents] == [("control_sheet", f"control_sheet-{code}.pdf")]
    download = client.get(f"/api/dossiers/{code}/results/{documents[0]['file_id']}", headers=bearer(key))
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]
    other_file = client.get(f"/api/dossiers/{code}/results/{documents[0]['file_id'] + 1000}", headers=bearer(key))
    assert other_file.status_code == 404


def test_another_agencys_dossier_is_as_good_as_missing(client, key, issue_key):
    code = submitted(client, key)
    elsewhere = issue_key(agencies=[TAN_LAP])
    for path in (f"/api/dossiers/{code}", f"/api/dossiers/{code}/history", f"/api/dossiers/{code}/results"):
        response = client.get(path, headers=bearer(elsewhere, "en"))
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found" and code in response.get_json()["message"]
    assert client.get("/api/dossiers/000.01.10.H99-261123-9999", headers=bearer(key)).status_code == 404


def test_a_key_without_the_read_scope_is_refused(client, key, issue_key):
    code = submitted(client, key)
    statistician = issue_key(operations=["statistics:read"])
    response = client.get(f"/api/dossiers/{code}", headers=bearer(statistician, "en"))
    assert response.status_code == 403 and response.get_json()["error"] == "not_allowed"
    results_only = issue_key(operations=["dossiers:read"])
    assert client.get(f"/api/dossiers/{code}/results", headers=bearer(results_only)).status_code == 403
