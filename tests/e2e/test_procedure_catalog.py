"""The public catalog: browse and filter, search without accents, and every part of a procedure's page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("demo")


def _listed(page: str) -> list[str]:
    return re.findall(r'href="/procedures/([0-9.]+)"', page)


def test_the_catalog_is_public_and_lists_every_procedure_in_force(client):
    page = client.get("/procedures")
    assert page.status_code == 200
    assert sorted(_listed(page.get_data(as_text=True))) == [
        "1.000894",
        "1.001193",
        "1.001612",
        "1.013831",
        "2.000815",
        "2.001583",
    ]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("dang ky khai sinh", ["1.001193"]),
        ("ĐĂNG KÝ KHAI SINH", ["1.001193"]),
        ("đăng ký kết hôn", ["1.000894"]),
        ("ho kinh doanh", ["1.001612"]),
        ("1.013831", ["1.013831"]),
        ("marriage", ["1.000894"]),
        ("giay phep xay dung", []),
    ],
)
def test_search_ignores_accents_and_case(client, query, codes):
    page = client.get("/procedures", query_string={"q": query}).get_data(as_text=True)
    assert _listed(page) == codes
    if not codes:
        assert "Không tìm thấy thủ tục phù hợp" in page


def test_filters_by_sector_handling_body_and_level(client):
    assert sorted(_listed(client.get("/procedures?sector=Hộ tịch").get_data(as_text=True))) == ["1.000894", "1.001193"]
    assert _listed(client.get("/procedures?agency=000.00.11.H99").get_data(as_text=True)) == ["2.001583"]
    communes = _listed(client.get("/procedures?agency=commune").get_data(as_text=True))
    assert sorted(communes) == ["1.000894", "1.001193", "1.001612", "2.000815"]
    provincial = _listed(client.get("/procedures?level=provincial_agency").get_data(as_text=True))
    assert sorted(provincial) == ["1.013831", "2.001583"]
    assert _listed(client.get("/procedures?online=full_online").get_data(as_text=True)) == ["2.001583"]
    assert len(_listed(client.get("/procedures?level=nonsense").get_data(as_text=True))) == 6


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
    assert "only in Vietnamese" in client.get("/procedures/1.001193").get_data(as_text=True)
