"""Procedures kept in the browser: the list, a fee changed as a draft and published from a later day (the public page
says what changes and from when), mistakes said at their fields, and who may keep which procedure."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from engine.models import ProcedureDraft
from tests.e2e.conftest import csrf_token, sign_in
from tests.integration.catalog.justice import justice_procedure

pytestmark = pytest.mark.usefixtures("demo")
COMPANY = "2.001583"
PAGE = f"/admin/procedures/{COMPANY}"


def _form_fields(page: str) -> dict[str, str]:
    """Every input and selected option of the draft form, as a browser would post them."""
    form = page[page.index('id="draft"') :]
    form = form[: form.index("</form>")]
    fields = {
        name: value
        for name, value in re.findall(
            r'<input (?:class="[^"]*" )?name="([^"]+)" id="[^"]+" type="text" value="([^"]*)"', form
        )
    }
    fields |= dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    for name, options in re.findall(
        r'<select (?:class="[^"]*" )?(?:id="[^"]+" )?name="([^"]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[name] = chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', options).group(1)
    fields |= {name: "1" for name in re.findall(r'name="([^"]+)" value="1"[^>]*checked', form)}
    fields["legal_basis"] = re.search(
        r'<textarea (?:class="[^"]*" )?id="legal_basis" name="legal_basis"[^>]*>(.*?)</textarea>', form, re.S
    )[1]
    fields["result_type"] = re.search(r'id="result_type" name="result_type" value="([^"]*)"', form)[1]
    return {
        name: value.replace("&amp;", "&").replace("&#34;", '"').replace("&#39;", "'") for name, value in fields.items()
    }


def _post(client: FlaskClient, path: str, page: str = PAGE, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def _save_fee(client: FlaskClient, amount: str, reason: str = "Thông tư 47/2026/TT-BTC"):
    fields = _form_fields(client.get(PAGE).get_data(as_text=True))
    return _post(client, f"{PAGE}/draft", **{**fields, "fees-0-amount_vnd": amount, "reason": reason})


def test_an_administrator_publishes_a_fee_from_next_monday_and_the_public_page_says_so(client, app):
    sign_in(client, "quantri")
    listed = client.get("/admin/procedures/?q=dang+ky+doanh+nghiep").get_data(as_text=True)
    assert COMPANY in listed and "1.001193" not in listed and "phiên bản 1, từ 01/07/2025" in listed

    saved = _save_fee(client, "150.000")
    assert saved.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert "Bản nháp lưu lúc" in page and "Thông tư 47/2026/TT-BTC" in page and "phí, lệ phí" in page
    assert 'value="150000"' in page
    public = client.get(f"/procedures/{COMPANY}").get_data(as_text=True)
    assert "150.000" not in public and 'id="upcoming"' not in public  # a draft is no one's business yet

    published = _post(
        client, f"{PAGE}/publish", when="later", valid_from="2026-11-30", reason="Áp dụng từ tuần sau", revision="1"
    )
    assert published.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đã công bố phiên bản 2, áp dụng từ ngày 30/11/2026." in page
    assert "Sắp áp dụng" in page and "Đang áp dụng" in page
    public = client.get(f"/procedures/{COMPANY}").get_data(as_text=True)
    upcoming = public[public.index('id="upcoming"') :]
    assert "Từ ngày 30/11/2026: thủ tục áp dụng quy định mới" in upcoming and "150.000" in upcoming
    assert "150.000" not in public[: public.index('id="upcoming"')]  # today's fee is still the one in force


def test_mistakes_are_said_at_their_fields_and_nothing_is_kept(client, app):
    sign_in(client, "quantri")
    refused = _save_fee(client, "mười nghìn", reason="")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="fees-0-amount_vnd-error"' in page and "Số tiền: chỉ gồm chữ số" in page
    assert 'id="reason-error"' in page and "Lý do: bắt buộc nhập" in page
    assert 'value="mười nghìn"' in page  # what was typed stays in the form
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.query(ProcedureDraft).count() == 0
    client.get("/lang/en")
    english = _save_fee(client, "mười nghìn", reason="").get_data(as_text=True)
    assert "Reason: required, for the log." in english and "Amount: digits only" in english


def test_a_procedure_manager_keeps_their_agencys_procedures_and_no_others(client, app):
    with app.extensions["motcua"].unit_of_work() as uow:
        justice = justice_procedure(uow.session, app.extensions["motcua"].clock.now())
        uow.commit()
    sign_in(client, "quanly.stc")
    home = client.get("/staff/tasks").get_data(as_text=True)
    assert 'href="/admin/procedures/"' in home  # the navigation leads there
    listed = client.get("/admin/procedures/").get_data(as_text=True)
    assert COMPANY in listed and justice not in listed and "1.001193" not in listed
    assert "Tài khoản cán bộ" not in listed and "Sơ đồ quy trình" not in listed
    assert _save_fee(client, "90000", reason="Sở Tài chính đề nghị").status_code == 303
    refused = client.get(f"/admin/procedures/{justice}")
    assert refused.status_code == 403 and "Bạn không có quyền quản lý thủ tục này." in refused.get_data(as_text=True)
    assert _post(client, f"/admin/procedures/{justice}/draft", page="/admin/procedures/", reason="x").status_code == 403
    assert client.get("/admin/procedures/1.001193").status_code == 403
    assert client.get("/admin/users").status_code == 403 and client.get("/admin/diagrams/").status_code == 403


def test_only_administrators_and_procedure_managers_come_in(client):
    sign_in(client, "chuyenvien.stc")
    assert client.get("/admin/procedures/").status_code == 403
    assert client.get(PAGE).status_code == 403


def test_the_procedure_page_draws_the_diagram_in_force_and_links_to_its_page(client):
    sign_in(client, "quantri")
    page = client.get(PAGE).get_data(as_text=True)
    assert f'data-diagram="/admin/procedures/{COMPANY}/diagram.bpmn"' in page
    assert 'href="/admin/diagrams/one_stop/' in page
    diagram = client.get(f"/admin/procedures/{COMPANY}/diagram.bpmn")
    assert diagram.status_code == 200 and b"bpmn" in diagram.data
    assert client.get("/admin/diagrams/").status_code == 200
