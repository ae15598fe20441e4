"""The catalog and the public statistics as other systems read them."""

from __future__ import annotations

from tests.e2e.api.conftest import bearer, submitted


def test_procedures_in_force_searched_without_accents(client, key):
    found = client.get("/api/procedures?search=dang ky khai sinh", headers=bearer(key)).get_json()
    birth = next(p for p in found if p["code"] == "1.001193")
    assert birth["name_vi"] == "Thủ tục đăng ký khai sinh" and birth["level"] == "commune"
    assert all("khai sinh" in p["name_vi"].lower() for p in found)
    everything = client.get("/api/procedures", headers=bearer(key)).get_json()
    assert len(everything) > 1 and all(p["code"] and p["valid_from"] for p in everything)


def test_one_procedure_with_its_documents_times_and_units(client, key):
    procedure = client.get("/api/procedures/1.001193", headers=bearer(key)).get_json()
    assert procedure["code"] == "1.001193" and procedure["handling_body"] == "Ủy ban nhân dân cấp xã"
    assert procedure["documents"] and all(d["id"] and d["name"] for d in procedure["documents"])
    assert procedure["times"] and "000.01.10.H99" in procedure["receiving_units"]
    missing = client.get("/api/procedures/9.999999", headers=bearer(key, "en"))
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_sectors_and_agencies(client, key):
    sectors = [s["name"] for s in client.get("/api/sectors", headers=bearer(key)).get_json()]
    assert "Hộ tịch" in sectors and sectors == sorted(sectors)
    agencies = {a["code"]: a for a in client.get("/api/agencies", headers=bearer(key)).get_json()}
    assert agencies["000.01.10.H99"]["receives_dossiers"] and agencies["000.01.10.H99"]["tier"] == "commune"
    assert agencies["000.01.10.H99"]["parent"] in agencies and agencies["000.00.00.H99"]["parent"] is None


def test_a_bad_filter_is_a_422_not_a_500(client, key):
    response = client.get("/api/procedures?level=galaxy", headers=bearer(key, "en"))
    assert response.status_code == 422 and "level" in response.get_json()["errors"]


def test_the_catalog_needs_its_scope(client, issue_key):
    submitter = issue_key(operations=["dossiers:submit"])
    assert client.get("/api/procedures", headers=bearer(submitter)).status_code == 403


def test_public_statistics_count_the_dossiers(client, key, desk):
    code = submitted(client, key)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    figures = client.get("/api/statistics", headers=bearer(key)).get_json()
    assert figures["year"] == 2026 and sum(day["count"] for day in figures["received_by_day"]) >= 1
    assert figures["province"]["counts"]["received"] >= 1
    assert any(service["code"] == "1.001193" for service in figures["services"])
