"""The public catalog: browse and filter, search without accents, and every part of a procedure's page."""

from __future__ import annotations

import re

import pytest

from engine.catalog.procedures import read_catalog
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.usefixtures("demo")


def _listed(page: str) -> list[str]:
    return re.findall(r'href="/procedures/([0-9.]+)"', page)


def _codes(**where) -> list[str]:
    """The shipped procedures whose catalog fields have these values."""
    entries = [e.data for e in read_catalog()]
    return sorted(d["code"] for d in entries if all(d.get(field) == value for field, value in where.items()))


def test_the_catalog_is_public_and_lists_every_procedure_in_force(client):
    page = client.get("/procedures")
    assert page.status_code == 200
    assert sorted(_listed(page.get_data(as_text=True))) == _codes()


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("dang ky khai sinh", ["1.001193", "2.000986"]),  # and the joint registration for a child under 6
        ("ĐĂNG KÝ KHAI SINH", ["1.001193", "2.000986"]),
        ("đăng ký kết hôn", ["1.000894"]),
        ("dang ky ho kinh doanh", ["1.001612", "2.000720"]),
        ("phieu ly lich tu phap", ["3.000333"]),
        ("giay phep xay dung", ["1.013225", "1.013236"]),
        ("1.013831", ["1.013831"]),
        ("marriage", ["1.000894"]),
        ("giay phep khai thac khoang san", []),
    ],
)
def test_search_ignores_accents_and_case(client, query, codes):
    page = client.get("/procedures", query_string={"q": query}).get_data(as_text=True)
    assert sorted(_listed(page)) == codes
    if not codes:
        assert "Không tìm thấy thủ tục phù hợp" in page


def test_filters_by_sector_handling_body_and_level(client):
    def listed(query: str) -> list[str]:
        return sorted(_listed(client.get(f"/procedures?{query}").get_data(as_text=True)))

    assert "1.001193" in listed("sector=Hộ tịch") == _codes(sector="Hộ tịch")
    assert "2.001583" in listed("agency=000.00.11.H99") == _codes(handling_agency="000.00.11.H99")
    assert "1.001193" in listed("agency=commune") == _codes(handling_agency=None)
    assert "1.013831" in listed("level=provincial_agency") == _codes(implementing_level="provincial_agency")
    assert "2.001583" in listed("online=full_online") == _codes(online_level="full_online")
    assert listed("level=nonsense") == _codes()


def test_a_procedure_page_shows_every_part_of_the_procedure(client):
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    for part in (
        "Thủ tục đăng ký khai sinh",
        "Trình tự thực hiện",
        "Ủy ban nhân dân phường An Hòa",  # where to submit
        "Tờ khai đăng ký khai sinh",
        "Mẫu tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP)",
        "Bản chính: 1",
        "Trong ngày làm việc",
        "Hồ sơ nhận sau 15:00",
        "Lệ phí đăng ký khai sinh quá hạn",
        "8.000 đ",
        "Ủy ban nhân dân cấp xã",
        "Luật Hộ tịch số 60/2014/QH13",
        "Giấy khai sinh (bản chính)",
        "Dịch vụ công trực tuyến một phần",
    ):
        assert part in page, part
    assert 'href="/my/dossiers/new/1.001193"' in page and "Nộp hồ sơ trực tuyến" in page
    assert 'href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=187805' in page


def test_a_provincial_procedure_names_its_agency_and_the_provincial_centre(client):
    page = client.get("/procedures/2.001583").get_data(as_text=True)
    assert "Sở Tài chính" in page and "Trung tâm Phục vụ hành chính công tỉnh" in page
    assert "Ủy ban nhân dân phường An Hòa" not in page
    assert "3 ngày làm việc" in page


def test_the_english_version_shows_the_english_name(client):
    client.get("/lang/en")
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    assert "<h1>Birth registration</h1>" in page and "Processing time" in page
    assert "Birth registration" in client.get("/procedures?q=birth").get_data(as_text=True)


def test_an_unknown_procedure_is_not_found(client):
    assert client.get("/procedures/9.999999").status_code == 404


def test_a_procedure_foreigners_use_reads_whole_in_english(client):
    client.get("/lang/en")
    page = client.get("/procedures/2.001583").get_data(as_text=True)
    for part in (
        "<h1>Registration of a single-member LLC</h1>",
        "Business Registration Office, Department of Finance examines and decides on the dossier.",
        "Enterprise registration certificate",
        "Company charter",
        "Letter of authorisation (if any)",
        "Enterprise registration fee (submitted in person)",
        "50,000 VND",
        "Law on Enterprises 2020",
        "3 working days",
        "Fully online public service",
    ):
        assert part in page, part
    assert "Điều lệ công ty" not in page
    assert "only in Vietnamese" not in page


def test_a_declaration_is_offered_as_a_blank_form_to_print(client):
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    link = "/procedures/1.001193/forms/declaration_birth_registration.pdf"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "Họ, chữ đệm, tên người được khai sinh" in text
    assert "Nam" in text and "Nữ" in text and "NGƯỜI KHAI" in text
    assert client.get("/procedures/1.001193/forms/declaration_marriage_registration.pdf").status_code == 404


def test_an_online_procedure_explains_its_online_service_step_by_step(client):
    page = client.get("/procedures/2.001583").get_data(as_text=True)
    assert 'id="guide"' in page and "VNeID" in page


def test_an_optional_document_is_said_optional_once(client):
    page = client.get("/procedures/2.001583").get_data(as_text=True)
    name = "Văn bản ủy quyền (nếu có)"
    after = page.index(name) + len(name)
    assert "nếu có" not in page[after : after + 80]  # no badge saying it again
