"""A national database record mapped to the catalog's fields, or refused with the field at fault; never a crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from engine.catalog.national_records import NationalRecord, RecordRefused, catalog_fields, read_export

EXPORT = Path(__file__).parents[3] / "integration" / "catalog" / "national_export.json"
COMPANY = json.loads(EXPORT.read_text(encoding="utf-8"))["data"][2]


def _fields(raw: object) -> dict:
    return catalog_fields(NationalRecord(1, str(raw.get("MaTTHC", "")) if isinstance(raw, dict) else "", raw))


def _changed(path: str, value: object) -> dict:
    raw = copy.deepcopy(COMPANY)
    *parents, last = path.split("/")
    target = raw
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return raw


def test_a_record_maps_to_the_catalog_fields():
    fields = _fields(COMPANY)
    assert fields["implementing_level"] == "provincial_agency"
    assert fields["sources"] == [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=4101"
    ]
    assert fields["documents"][2] == {
        "name": "Bản sao giấy tờ pháp lý của cá nhân đối với chủ sở hữu công ty và người đại diện theo pháp luật",
        "kind": "copy",
        "count": 1,
    }
    assert fields["legal_basis"][0] == "Luật Doanh nghiệp số 59/2020/QH14"


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (_changed("MaTTHC", "2.1583"), "code"),
        (_changed("TenTTHC", None), "name_vi"),
        (_changed("CapThucHien", "Cấp Huyện"), "CapThucHien"),
        (_changed("CachThucThucHien/0/ThoiGian", "ba ngày"), "CachThucThucHien/ThoiGian"),
        (_changed("CachThucThucHien/1/Kenh", "Fax"), "CachThucThucHien/Kenh"),
        (_changed("CachThucThucHien/0/PhiLePhi", ["50.000đ"]), "PhiLePhi"),
        (_changed("CachThucThucHien/0/PhiLePhi/0/SoTien", "50.000"), "fees/0/amount_vnd"),
        (_changed("ThanhPhanHoSo", []), "documents"),
        (_changed("ThanhPhanHoSo", "Giấy đề nghị"), "ThanhPhanHoSo"),
        (["not", "a", "record"], "(bản ghi)"),
    ],
)
def test_a_malformed_record_is_refused_with_its_field(raw, field):
    with pytest.raises(RecordRefused) as refused:
        _fields(raw)
    assert refused.value.details["field"] == field


def test_decomposed_text_after_a_byte_order_mark_is_read_as_nfc(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([_changed("TenTTHC", "Đăng ky\u0301 thành lập")]), encoding="utf-8-sig")
    assert _fields(read_export(export)[0].raw)["name_vi"] == "Đăng ký thành lập"
