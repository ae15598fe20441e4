"""The board sees a typed item's own fields on the item's staff page before it publishes it."""

from __future__ import annotations

from tests.e2e.conftest import sign_in
from tests.e2e.test_typed_content_pages import PROCUREMENT, _post


def test_the_editor_reviews_the_notice_fields(client, demo):
    sign_in(client, "ctv.stp")
    code = _post(client, PROCUREMENT).headers["Location"].rsplit("/", 1)[1]
    sign_in(client, "bientapvien")
    page = client.get(f"/staff/content/{code}").get_data(as_text=True)
    assert "Mua sắm 120 bộ máy tính" in page and "2.160.000.000 đồng" in page and "09:00 20/12/2026" in page
