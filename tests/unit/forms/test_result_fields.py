"""A form that drafts the result asks for the procedure's decided content and its subject, with the proposal."""

from __future__ import annotations

from forms.results import prefilled, result_values, with_result_fields
from forms.validation import load_form, validate_against

FUNERAL = {
    "subject": "deceased_name",
    "subject_label": "Họ và tên người đã chết",
    "fields": [
        {"name": "date_of_death", "title": "Ngày chết", "type": "date", "from": "date_of_death"},
        {"name": "amount_vnd", "title": "Mức hỗ trợ (đồng)", "type": "money"},
        {"name": "note", "title": "Ghi chú", "required": False},
    ],
}


def test_the_decided_content_is_required_with_a_proposed_result_only():
    form = with_result_fields(load_form("review"), FUNERAL)
    assert list(form["properties"])[-4:] == [
        "result_date_of_death",
        "result_amount_vnd",
        "result_note",
        "result_deceased_name",  # the subject, since no field of the content names it
    ]
    errors = validate_against(form, {"proposal": "result", "draft_summary": "Đủ điều kiện"})
    assert set(errors) == {"result_date_of_death", "result_amount_vnd", "result_deceased_name"}
    assert errors["result_amount_vnd"].startswith("Mức hỗ trợ (đồng)")
    assert validate_against(form, {"proposal": "refuse", "refusal_reason": "Không thuộc đối tượng"}) == {}
    wrong = {"proposal": "result", "draft_summary": "Đủ", "result_date_of_death": "2/11/26", "result_amount_vnd": "x"}
    assert {"result_date_of_death", "result_amount_vnd"} <= set(validate_against(form, wrong))


def test_a_form_that_drafts_no_result_is_left_alone():
    assert with_result_fields(load_form("sign"), FUNERAL) == load_form("sign")
    assert with_result_fields(load_form("review"), {"fields": []}) == load_form("review")


def test_the_declaration_prefills_and_the_answer_comes_back_by_catalog_names():
    declaration = {"date_of_death": "2026-11-02", "deceased_name": "Phạm Văn Tư", "phone": "0912345678"}
    assert prefilled(FUNERAL, declaration) == {
        "result_date_of_death": "2026-11-02",
        "result_deceased_name": "Phạm Văn Tư",
    }
    assert result_values({"proposal": "result", "result_amount_vnd": 7_200_000}) == {"amount_vnd": 7_200_000}
