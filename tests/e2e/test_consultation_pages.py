"""Public consultation through the web: a visitor comments, an editor publishes the comment (never its contact),
the consultation closes, the drafting agency publishes its summary."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from engine.content.services import submit_item
from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.integration.content.conftest import Board
from tests.integration.content.test_consultation import DRAFT


def test_comment_moderate_close_and_summarise(app, client, clock, demo):
    board = Board(app.extensions["motcua"], clock)
    code = submit_item(
        board.runtime, board.runtime.unit_of_work(), actor_id=board.user_id("ctv.svhttdl"), draft=replace(DRAFT)
    ).code
    board.publish(code)
    item_id = board.item(code).id

    home = client.get("/").get_data(as_text=True)
    assert "Đang lấy ý kiến" in home and DRAFT.title in home
    page = client.get(f"/content/{item_id}", follow_redirects=True).get_data(as_text=True)
    assert "Thời hạn góp ý: đến hết ngày 27/11/2026." in page
    token = csrf_token(client, f"/content/{item_id}/{board.item(code).slug}")
    refused = client.post(
        f"/content/{item_id}/comments", data={"csrf_token": token, "name": "", "contact": "", "body": ""}
    )
    assert refused.status_code == 400 and "Họ và tên: từ 2 đến 255 ký tự." in refused.get_data(as_text=True)
    said = {"name": "Đỗ Văn Góp", "contact": "0987 654 321", "body": "Đề nghị miễn phí cho người khuyết tật."}
    assert client.post(f"/content/{item_id}/comments", data={"csrf_token": token, **said}).status_code == 303
    assert "Đỗ Văn Góp" not in client.get(f"/content/{item_id}", follow_redirects=True).get_data(as_text=True)

    sign_in(client, "bientapvien")
    inbox = client.get("/staff/content").get_data(as_text=True)
    assert "Góp ý chờ kiểm duyệt" in inbox and "Đỗ Văn Góp" in inbox
    staff_page = client.get(f"/staff/content/{code}").get_data(as_text=True)
    comment_id = re.search(r"/staff/content/comments/(\d+)", staff_page).group(1)
    token = csrf_token(client, f"/staff/content/{code}")
    moderated = client.post(
        f"/staff/content/comments/{comment_id}", data={"csrf_token": token, "decision": "publish", "code": code}
    )
    assert moderated.status_code == 303
    sign_out(client)

    public = client.get(f"/content/{item_id}", follow_redirects=True).get_data(as_text=True)
    assert "Đỗ Văn Góp" in public and "0987 654 321" not in public

    clock.set(datetime.fromisoformat("2026-11-28T08:00+07:00"))
    closed = client.get(f"/content/{item_id}", follow_redirects=True).get_data(as_text=True)
    assert "Đã hết thời hạn lấy ý kiến." in closed
    sign_in(client, "ctv.svhttdl")
    token = csrf_token(client, f"/staff/content/{code}")
    summary = "<p>Tiếp thu ý kiến miễn phí cho người khuyết tật.</p>"
    assert (
        client.post(f"/staff/content/{code}/summary", data={"csrf_token": token, "summary": summary}).status_code == 303
    )
    sign_out(client)
    assert "Tiếp thu ý kiến miễn phí" in client.get(f"/content/{item_id}", follow_redirects=True).get_data(as_text=True)
