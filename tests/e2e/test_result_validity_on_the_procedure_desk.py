"""The procedure desk shows and edits how long a procedure's result is valid (thời hạn hiệu lực), in months; a wrong
number is said at its field and nothing is kept."""

from __future__ import annotations

import pytest

from engine.models import ProcedureDraft
from tests.e2e.conftest import csrf_token, editor_fields, sign_in

pytestmark = pytest.mark.usefixtures("demo")
PAGE = "/admin/procedures/1.001193"  # birth registration


def _save(client, months: str):
    fields = editor_fields(client.get(PAGE).get_data(as_text=True))
    data = {
        **fields,
        "result_valid_months": months,
        "reason": "Kết quả có thời hạn",
        "csrf_token": csrf_token(client, PAGE),
    }
    return client.post(f"{PAGE}/draft", data=data)


def test_the_results_validity_is_shown_and_saved_in_the_draft(client, app):
    sign_in(client, "quantri")
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="result_valid_months"' in page and "Thời hạn hiệu lực của kết quả" in page
    assert _save(client, "6").status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert 'name="result_valid_months" inputmode="numeric" value="6"' in page
    assert "thời hạn hiệu lực của kết quả" in page  # named among what the draft changes
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.query(ProcedureDraft).one().entry["result"]["valid_months"] == 6


def test_a_wrong_number_of_months_is_said_at_its_field(client, app):
    sign_in(client, "quantri")
    refused = _save(client, "sáu")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="result_valid_months-error"' in page and "Thời hạn hiệu lực: nhập số tháng, từ 1 đến 1200." in page
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.query(ProcedureDraft).count() == 0
    client.get("/lang/en")
    assert "months" in _save(client, "sáu").get_data(as_text=True).split('id="result_valid_months-error"')[1][:300]
