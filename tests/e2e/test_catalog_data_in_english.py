"""The English interface names procedures, sectors, agencies, departments, documents and fees in English wherever a
person sees catalog data; the Vietnamese interface is as it was; what has no English reads in Vietnamese."""

from __future__ import annotations

import json
import re

import pytest

from engine.catalog.procedures import catalog_entry, publish
from engine.models import ProcedureDraft
from tests.e2e.conftest import at_review, csrf_token, editor_fields, sign_in
from workflows import PROCEDURES_DIR

pytestmark = pytest.mark.usefixtures("demo")
BIRTH = "1.001193"


def _page(client, path: str, **query) -> str:
    response = client.get(path, query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _listed(page: str) -> list[str]:
    return sorted(re.findall(r'href="/procedures/([0-9.]+)"', page))


def test_the_catalog_lists_procedures_sectors_and_agencies_in_english(client):
    client.get("/lang/en")
    page = _page(client, "/procedures")
    assert ">Birth registration</a>" in page and "Civil status" in page
    assert '<option value="Hộ tịch">Civil status</option>' in page  # the filter still takes the Vietnamese key
    assert ">Department of Finance</option>" in page
    assert "Thủ tục đăng ký khai sinh" not in page and ">Sở Tài chính<" not in page
    assert BIRTH in _listed(_page(client, "/procedures", sector="Hộ tịch"))


def test_search_finds_the_english_name_and_vietnamese_still_without_accents(client):
    assert _listed(_page(client, "/procedures", q="birth registration")) == ["1.001193", "2.000986"]
    assert _listed(_page(client, "/procedures", q="civil status extract")) == ["2.000635"]
    assert _listed(_page(client, "/procedures", q="chung thuc chu ky")) == ["2.000884"]
    assert _listed(_page(client, "/procedures", q="CHỨNG THỰC CHỮ KÝ")) == ["2.000884"]


def test_the_procedure_page_reads_documents_fees_and_units_in_english(client):
    vietnamese = _page(client, f"/procedures/{BIRTH}")
    assert "Giấy chứng sinh" in vietnamese and "Lệ phí đăng ký khai sinh quá hạn" in vietnamese
    assert "Hộ tịch" in vietnamese and "Ủy ban nhân dân phường An Hòa" in vietnamese
    assert "Birth notice" not in vietnamese and "Civil status" not in vietnamese
    client.get("/lang/en")
    english = _page(client, f"/procedures/{BIRTH}")
    for part in (
        "<h1>Birth registration</h1>",
        "Civil status",
        "Birth notice; failing that, a written confirmation of the birth by a witness",
        "Shown when applying in person; no copy is submitted",
        "Fee for late birth registration",
        "Commune People&#39;s Committee",
        "An Hoa Ward People&#39;s Committee",
        "Birth certificate (original), signed by the Chairperson",
    ):
        assert part in english, part
    assert "Giấy chứng sinh" not in english and "Lệ phí đăng ký khai sinh" not in english
    assert "only in Vietnamese" not in english


def test_a_version_without_english_reads_in_vietnamese(client, app):
    data = json.loads((PROCEDURES_DIR / "death_registration.json").read_text(encoding="utf-8"))
    for key in ("name_en", "sector_en", "en"):
        data.pop(key)
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        code = publish(uow.session, catalog_entry(PROCEDURES_DIR / "x.json", data), rt.clock.now()).procedure.code
        uow.commit()
    client.get("/lang/en")
    page = _page(client, f"/procedures/{code}")
    assert f"<h1>{data['name_vi']}</h1>" in page and "Hộ tịch" in page
    assert data["documents"][1]["name"] in page and data["fees"][0]["name"] in page
    assert "only in Vietnamese" in page and "Processing time" in page
    assert data["name_vi"] in _page(client, "/procedures", q="khai tu")


def test_the_inbox_the_dossier_page_and_the_home_name_procedure_and_units_in_english(client, desk):
    code = at_review(desk)
    sign_in(client, "truongphong.stc")
    inbox = _page(client, "/staff/tasks")
    assert "Đăng ký thành lập công ty TNHH một thành viên" in inbox and "single-member LLC" not in inbox
    dossier = _page(client, f"/staff/dossiers/{code}")
    assert "Sở Tài chính — Phòng Đăng ký kinh doanh" in dossier and "Department of Finance" not in dossier
    assert "Sở Tài chính — Phòng Đăng ký kinh doanh" in _page(client, "/")  # the roles on the staff's home

    client.get("/lang/en")
    inbox = _page(client, "/staff/tasks")
    assert '<td data-label="Procedure">Registration of a single-member LLC</td>' in inbox
    assert ">2.001583 — Registration of a single-member LLC</option>" in inbox
    assert ">1.001193 — Birth registration</option>" in inbox
    dossier = _page(client, f"/staff/dossiers/{code}")
    assert "Registration of a single-member LLC" in dossier
    assert "Department of Finance — Business Registration Office" in dossier
    assert "Provincial Public Administration Service Centre" in dossier
    assert "Sở Tài chính" not in dossier and "Thành lập công ty" not in dossier
    assert "Department of Finance — Business Registration Office" in _page(client, "/")


def test_the_report_filters_name_units_procedures_and_sectors_in_english(client):
    sign_in(client, "giamsat")
    client.get("/lang/en")
    page = _page(client, "/reports")
    assert '<option value="Hộ tịch">Civil status</option>' in page
    assert ">Department of Finance</option>" in page and ">1.001193 — Birth registration</option>" in page
    assert "Business Registration Office — Department of Finance" in page


def test_the_editor_saves_the_english_fields_and_says_what_is_wrong_with_them(client, app):
    sign_in(client, "quantri")
    path = f"/admin/procedures/{BIRTH}"
    page = _page(client, path)
    fields = editor_fields(page)
    assert fields["name_en"] == "Birth registration" and fields["sector_en"] == "Civil status"
    assert fields["documents-0-name_en"] == "Birth registration declaration"
    assert re.search(r'name="documents-0-name_en"[^>]* lang="en">', page)  # English marked as such on a Vietnamese page

    def save(**changed):
        data = {**fields, **changed, "reason": "Bản dịch mới", "csrf_token": csrf_token(client, path)}
        return client.post(f"{path}/draft", data=data)

    refused = save(name_en="B", **{"fees-1-name_en": "F"})
    said = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="name_en-error"' in said and 'id="fees-1-name_en-error"' in said
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.query(ProcedureDraft).count() == 0

    saved = save(
        name_en="Registration of a birth",
        sector_en="Civil registration",
        **{"documents-3-note_en": "Shown at the counter", "fees-2-name_en": ""},
    )
    assert saved.status_code == 303
    with app.extensions["motcua"].unit_of_work() as uow:
        entry = uow.session.query(ProcedureDraft).one().entry
    assert entry["name_en"] == "Registration of a birth" and entry["sector_en"] == "Civil registration"
    assert entry["en"]["documents"][3]["note"] == "Shown at the counter"
    assert "name" not in entry["en"]["fees"][2]  # left empty: the fee reads in Vietnamese
    assert entry["en"]["fees"][1]["name"] == "Fee for late birth registration"
