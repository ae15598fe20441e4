"""Through the web: the editor's task page carries every field of a typed item, prefilled; a broken field is named
and nothing is written; a published item is revised from its page while its public page stays as it was."""

from __future__ import annotations

import re

from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.e2e.test_typed_content_pages import PROCUREMENT, _post, _published
from tests.integration.content.conftest import Board


def _fields(page: str) -> dict[str, str]:
    """The values the page's form would send, as a browser sends them (text inputs, selects, checked boxes)."""
    found = dict(re.findall(r'<input class="govuk-input[^"]*"[^>]*? name="([^"]+)" value="([^"]*)"', page))
    found |= {
        name: value
        for name, value in re.findall(r'<select[^>]*name="([^"]+)">.*?<option value="([^"]*)" selected', page, re.S)
    }
    found["body"] = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    found["version"] = re.search(r'name="version" value="(\d+)"', page).group(1)
    found["content_type"] = re.search(r'name="content_type" value="(\w+)"', page).group(1)
    return found


def test_the_editor_edits_a_notices_own_fields_from_the_task_page(client, demo, app, clock):
    sign_in(client, "ctv.stp")
    code = _post(client, PROCUREMENT).headers["Location"].rsplit("/", 1)[1]
    sign_out(client)
    sign_in(client, "bientapvien")
    path = f"/staff/content/{code}"
    page = client.get(path).get_data(as_text=True)
    form = _fields(page)
    assert (form["f-package"], form["f-method"], form["f-value_estimate"]) == (
        "Mua sắm 120 bộ máy tính",
        "open_bidding",
        "2160000000",
    )
    token = csrf_token(client, path)
    refused = client.post(path, data={**form, "csrf_token": token, "decision": "forward", "f-value_estimate": "hai tỷ"})
    assert refused.status_code == 400
    assert "Giá gói thầu (đồng): số tiền (đồng) không hợp lệ." in refused.get_data(as_text=True)
    assert Board(app.extensions["motcua"], clock).item(code).fields["value_estimate"] == 2_160_000_000

    edited = {
        **form,
        "csrf_token": token,
        "decision": "forward",
        "f-method": "limited_bidding",
        "f-value_estimate": "1.980.000.000",
    }
    assert client.post(path, data=edited).status_code == 303
    item = Board(app.extensions["motcua"], clock).item(code)
    assert (item.fields["method"], item.fields["value_estimate"]) == ("limited_bidding", 1_980_000_000)
    page = client.get(path).get_data(as_text=True)
    assert "Các lần chỉnh sửa" in page and "Biên tập" in page


def test_a_published_item_is_revised_from_its_page_and_the_public_page_waits_for_approval(client, demo, app, clock):
    sign_in(client, "ctv.stp")
    code = _published(app, clock, client, PROCUREMENT)
    board = Board(app.extensions["motcua"], clock)
    public = f"/content/{board.item(code).id}"
    assert "Sửa đổi tin bài" in client.get(f"/staff/content/{code}").get_data(as_text=True)
    path = f"/staff/content/{code}/revise"
    form = _fields(client.get(path).get_data(as_text=True))
    revised = {**form, "csrf_token": csrf_token(client, path), "f-results": "Trúng thầu: Công ty Tân Lập, 1,9 tỷ đồng."}
    assert client.post(path, data={**revised, "title": "Tin"}).status_code == 400
    assert client.post(path, data=revised).status_code == 303
    assert board.item(code).draft["fields"]["results"].startswith("Trúng thầu")
    assert "Trúng thầu" not in client.get(public, follow_redirects=True).get_data(as_text=True)
    assert "Bản sửa đổi đang qua ban biên tập" in client.get(f"/staff/content/{code}").get_data(as_text=True)
    assert "Bản sửa đổi: Chờ biên tập" in client.get("/staff/content").get_data(as_text=True)

    board.publish(code)
    assert "Trúng thầu: Công ty Tân Lập" in client.get(public, follow_redirects=True).get_data(as_text=True)


def test_the_image_form_speaks_the_pages_language(client, demo):
    sign_in(client, "ctv.stp")
    page = client.get("/staff/content/new").get_data(as_text=True)
    assert "Mô tả ảnh vừa chọn" in page and "Chú thích ảnh (không bắt buộc, hiện dưới ảnh)" in page
    assert "prompt" not in client.get("/static/js/rich-text.js").get_data(as_text=True)
    client.get("/lang/en")
    page = client.get("/staff/content/new").get_data(as_text=True)
    for text in ("Describe the chosen image", "Caption (optional, shown below the image)", "Insert the image"):
        assert text in page
    assert "Link address" in page  # the link tooltip's address field, named by the script from the labels
