"""Legal documents on the public site: searched by number and by words without accents, linked from the procedure
whose legal basis cites them."""

from __future__ import annotations

import re

from engine.content.demo import load_demo_content


def test_legal_documents_are_found_and_linked_from_their_procedure(app, client, demo):
    load_demo_content(app.extensions["motcua"])
    by_number = client.get("/legal?number=15/2026/qd-ubnd").get_data(as_text=True)
    assert "15/2026/QĐ-UBND" in by_number and "123/2015/NĐ-CP" not in by_number
    by_words = client.get("/legal?q=quy+che+tiep+nhan+ho+so+truc+tuyen").get_data(as_text=True)
    assert "15/2026/QĐ-UBND" in by_words
    assert "31/2026/QĐ-UBND" not in client.get("/legal?q=quy+che").get_data(as_text=True)  # still at the editors
    repealed = client.get("/legal?field=Tư+pháp").get_data(as_text=True)
    assert "20/2025/QĐ-UBND" in repealed and "Hết hiệu lực" in repealed

    procedure = client.get("/procedures/1.001193").get_data(as_text=True)
    link = re.search(r'<a href="(/content/\d+)">Nghị định số 123/2015/NĐ-CP</a>', procedure).group(1)
    decree = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Legislation" in decree and "Đã được sửa đổi, bổ sung" in decree


def test_the_feed_of_each_type_is_atom(app, client, demo):
    load_demo_content(app.extensions["motcua"])
    for kind in ("news", "urgent", "direction", "introduction", "legal", "planning"):
        response = client.get(f"/feeds/{kind}.atom")
        assert response.status_code == 200 and response.mimetype == "application/atom+xml"
        assert b"<entry>" in response.data


def test_the_organisation_page_lists_every_agency_with_its_leaders(client, demo):
    page = client.get("/about/organisation").get_data(as_text=True)
    assert "Sở Tư pháp" in page and "Ủy ban nhân dân xã Tân Lập" in page
    assert "lanhdao.stp@thaian.example.vn" in page
    assert "/about/organisation" in client.get("/sitemap.xml").get_data(as_text=True)
