"""The editorial board through the web: a contributor submits, the editor sends back, the item is fixed, approved
and published under its permanent link, with JSON-LD, in the feed, the sitemap and on the home page."""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in, sign_out

NEWS = {
    "content_type": "news",
    "title": "Khánh thành cầu Tân Lập",
    "summary": "Cầu Tân Lập nối hai bờ sông Thái An được khánh thành sáng nay.",
    "body": '<p>Cầu dài <strong>320 m</strong>.</p><img src="x" onerror="alert(1)"><script>alert(2)</script>',
    "source": "Sở Xây dựng",
    "category": "activities",
    "featured": "1",
    "event_on": "2026-11-23",
}


def _complete(client, code, **form):
    """The task's form as posted from its page: with the item's fields (as submitted) when it edits the item."""
    path = f"/staff/content/{code}"
    page = client.get(path).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    kept = re.findall(r'name="keep_file" value="(\w+)" checked', page)
    item = {**NEWS, "keep_file": kept} if "title" in form else {}
    return client.post(path, data={"csrf_token": csrf_token(client, path), "version": version, **item, **form})


def _submit(client, **fields):
    token = csrf_token(client, "/staff/content/new")
    return client.post(
        "/staff/content/new", data={"csrf_token": token, **NEWS, **fields}, content_type="multipart/form-data"
    )


def test_an_item_from_submission_to_the_home_page_and_the_feed(client, demo):
    sign_in(client, "ctv.svhttdl")
    submitted = _submit(client, files=(io.BytesIO(sample_files.image()), "cau-tan-lap.png"))
    assert submitted.status_code == 303
    code = submitted.headers["Location"].rsplit("/", 1)[1]
    sign_out(client)

    sign_in(client, "bientapvien")
    assert code in client.get("/staff/content").get_data(as_text=True)
    assert (
        _complete(
            client, code, decision="send_back", reason="Thêm tên người chụp ảnh.", title=NEWS["title"]
        ).status_code
        == 303
    )
    sign_out(client)

    sign_in(client, "ctv.svhttdl")
    page = client.get(f"/staff/content/{code}").get_data(as_text=True)
    assert "Thêm tên người chụp ảnh." in page and "onerror" not in page and "<script>alert" not in page
    assert (
        _complete(client, code, title=NEWS["title"], body="<p>Cầu dài 320 m. Ảnh: Bùi Văn Khoa.</p>").status_code == 303
    )
    sign_out(client)

    sign_in(client, "bientapvien")
    assert (
        _complete(
            client, code, decision="forward", title=NEWS["title"], body="<p>Cầu dài 320 m. Ảnh: Bùi Văn Khoa.</p>"
        ).status_code
        == 303
    )
    sign_out(client)
    sign_in(client, "truongban")
    assert _complete(client, code, decision="publish").status_code == 303
    sign_out(client)

    home = client.get("/").get_data(as_text=True)
    link = re.search(r'href="(/content/\d+/khanh-thanh-cau-tan-lap)"', home).group(1)
    item = client.get(link).get_data(as_text=True)
    metadata = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', item, re.S).group(1))
    assert (metadata["@type"], metadata["headline"]) == ("NewsArticle", NEWS["title"])
    assert "Ảnh: Bùi Văn Khoa" in item and "cau-tan-lap.png" in item
    assert client.get(link.rsplit("/", 1)[0] + "/old-title").status_code == 301

    feed = ElementTree.fromstring(client.get("/feeds/news.atom").data)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert NEWS["title"] in titles
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert link in sitemap


def test_a_bad_item_is_refused_by_field_without_a_write(client, demo):
    sign_in(client, "ctv.stp")
    refused = _submit(client, content_type="legal", title="Quy", event_on="")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Tiêu đề: từ 5 đến 255 ký tự." in page and "Số, ký hiệu văn bản: bắt buộc nhập" in page
    assert client.get("/staff/content").get_data(as_text=True).count("TB-") == 0


def test_a_hostile_file_is_refused(client, demo):
    sign_in(client, "ctv.svhttdl")
    refused = _submit(client, files=(io.BytesIO(b"MZ\x90\x00not an image"), "anh.png"))
    assert refused.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG hợp lệ" in refused.get_data(as_text=True)


def test_staff_outside_the_board_are_kept_out(client, demo):
    sign_in(client, "chuyenvien.stp")
    assert client.get("/staff/content/new").status_code == 403
    assert client.get("/staff/content/report").status_code == 403
    assert client.get("/staff/content/TB-AAAA-AAAA").status_code == 404


def test_unknown_pages_are_404(client, demo):
    assert client.get("/content/nonsense").status_code == 404
    assert client.get("/content/999999").status_code == 404
    assert client.get("/feeds/nonsense.atom").status_code == 404


def test_the_chief_corrects_a_published_item_as_its_next_version(app, client, clock, demo):
    from tests.integration.content.conftest import Board

    board = Board(app.extensions["motcua"], clock)
    code = board.submit()
    board.publish(code)
    sign_in(client, "truongban")
    path = f"/staff/content/{code}"
    form = {"csrf_token": csrf_token(client, path), "title": "Khai mạc Tuần lễ Văn hóa 2026", "summary": "", "body": ""}
    refused = client.post(f"{path}/correct", data={**form, "reason": ""}, follow_redirects=True)
    assert "Lý do đính chính: từ 5 đến 2.000 ký tự." in refused.get_data(as_text=True)
    client.post(f"{path}/correct", data={**form, "reason": "Sai năm."})
    page = client.get(path).get_data(as_text=True)
    assert "Phiên bản 2" in page and "Khai mạc Tuần lễ Văn hóa 2026" in page
