"""Typed items through the web: the staff form names each broken field, a published procurement notice and a
schedule have their page, print view, feed entry, sitemap line and JSON-LD, and are found without accents."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.integration.content.conftest import Board

PROCUREMENT = {
    "content_type": "procurement",
    "title": "Thông báo mời thầu mua sắm máy tính cho bộ phận một cửa",
    "event_on": "2026-11-27",
    "f-package": "Mua sắm 120 bộ máy tính",
    "f-package_en": "Purchase of 120 computers",
    "f-procuring_entity": "Văn phòng UBND tỉnh Thái An",
    "f-method": "open_bidding",
    "f-value_estimate": "2.160.000.000",
    "f-closes_at": "2026-12-20T09:00",
}
SCHEDULE = {
    "content_type": "schedule",
    "title": "Lịch công tác tuần 49 của lãnh đạo Sở Tư pháp",
    "f-week": "2026-W49",
    "f-entries-0-day": "2026-12-02",
    "f-entries-0-time": "08:00",
    "f-entries-0-leader": "Giám đốc Sở Đỗ Văn Hùng",
    "f-entries-0-content": "Họp giao ban công tác hộ tịch",
    "f-entries-0-place": "Phòng họp Sở Tư pháp",
    "f-entries-3-day": "2026-12-03",
    "f-entries-3-time": "14:00",
    "f-entries-3-leader": "Phó Giám đốc Sở Trần Thị Mai",
    "f-entries-3-content": "Kiểm tra đăng ký hộ tịch trực tuyến",
    "f-entries-3-place": "Xã Tân Lập",
}


def _post(client, form):
    token = csrf_token(client, "/staff/content/new")
    return client.post("/staff/content/new", data={"csrf_token": token, **form}, content_type="multipart/form-data")


def _published(app, clock, client, form) -> str:
    submitted = _post(client, form)
    assert submitted.status_code == 303, submitted.get_data(as_text=True)
    code = submitted.headers["Location"].rsplit("/", 1)[1]
    Board(app.extensions["motcua"], clock).publish(code)
    return code


def test_the_form_names_each_broken_field_keeps_what_was_typed_and_writes_nothing(client, demo):
    sign_in(client, "ctv.stp")
    refused = _post(client, {**PROCUREMENT, "f-method": "lottery", "f-value_estimate": "hai tỷ", "f-package": ""})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    for message in (
        "Tên gói thầu: bắt buộc nhập, tối đa 255 ký tự.",
        "Hình thức lựa chọn nhà thầu: chọn một giá trị trong danh sách.",
        "Giá gói thầu (đồng): số tiền (đồng) không hợp lệ.",
    ):
        assert message in page
    assert 'value="hai tỷ"' in page and 'href="#f-package"' in page
    refused = _post(client, {**SCHEDULE, "f-entries-3-time": "2 giờ chiều", "f-entries-3-day": "2026-12-25"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    # the blank lines between are left out: the second line typed is shown, and named, as line 2
    assert 'id="f-entries-1-time-error"' in page and "Ngày: phải thuộc tuần đã chọn." in page
    assert 'value="2 giờ chiều"' in page
    assert client.get("/staff/content").get_data(as_text=True).count("TB-") == 0


def test_the_form_speaks_english_to_an_english_reader(client, demo):
    sign_in(client, "ctv.stp")
    client.get("/lang/en")
    page = _post(client, {**PROCUREMENT, "f-method": "lottery"}).get_data(as_text=True)
    assert "Selection method: choose a value from the list." in page


def test_a_procurement_notice_and_a_schedule_are_published_with_their_fields(app, clock, client, demo):
    sign_in(client, "ctv.stp")
    notice = _published(app, clock, client, PROCUREMENT)
    schedule = _published(app, clock, client, SCHEDULE)
    sign_out(client)

    listing = client.get("/content/procurement?q=may tinh").get_data(as_text=True)
    link = re.search(r'href="(/content/\d+/thong-bao-moi-thau[^"]*)"', listing).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "Mua sắm 120 bộ máy tính" in page and "2.160.000.000 đồng" in page and "Đấu thầu rộng rãi" in page
    metadata = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert metadata["@type"] == "Article"
    printed = client.get(link.rsplit("/", 1)[0] + "/print").get_data(as_text=True)
    assert "Mua sắm 120 bộ máy tính" in printed and "data-print" in printed

    found = client.get("/content/schedule?q=giao ban ho tich").get_data(as_text=True)
    link = re.search(r'href="(/content/\d+/lich-cong-tac[^"]*)"', found).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "02/12/2026" in page and "Kiểm tra đăng ký hộ tịch trực tuyến" in page and "Xã Tân Lập" in page
    metadata = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [e["startDate"] for e in metadata["subEvent"]] == ["2026-12-02T08:00", "2026-12-03T14:00"]

    for kind, title in (("procurement", PROCUREMENT["title"]), ("schedule", SCHEDULE["title"])):
        feed = ElementTree.fromstring(client.get(f"/feeds/{kind}.atom").data)
        assert title in [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert link in sitemap and "/content/procurement" in sitemap and "/dossiers/daily" in sitemap
    assert notice != schedule


def test_an_english_reader_sees_the_english_fields_where_given(app, clock, client, demo):
    sign_in(client, "ctv.stp")
    _published(app, clock, client, {**PROCUREMENT, "title_en": "Invitation to bid: computers"})
    sign_out(client)
    client.get("/lang/en")
    listing = client.get("/content/procurement").get_data(as_text=True)
    link = re.search(r'href="(/content/\d+/[^"]*)"', listing[listing.index("content-list") :]).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "Invitation to bid: computers" in page and "Purchase of 120 computers" in page and "Open bidding" in page
