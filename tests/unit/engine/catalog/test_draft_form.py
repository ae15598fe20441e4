"""A catalog entry shown in the editing form comes back unchanged; what is typed wrong is said at its field, in
words a clerk reads, and what the form does not show (English names, blank forms) is kept."""

from __future__ import annotations

import copy

import pytest

from engine.catalog.draft_form import EntryForm, entry_from, form_of
from engine.catalog.procedures import entry_validator, read_catalog

VALIDATOR = entry_validator()


def _entry(slug: str) -> dict:
    return copy.deepcopy(next(e.data for e in read_catalog() if e.data["slug"] == slug))


@pytest.mark.parametrize("entry", [e.data for e in read_catalog()], ids=lambda data: data["slug"])
def test_every_shipped_entry_comes_back_from_its_form_unchanged(entry):
    again, problems = entry_from(entry, form_of(entry), VALIDATOR)
    assert problems == {}
    assert again == entry


def test_a_changed_fee_and_a_new_one_keep_the_english_of_the_rest():
    entry = _entry("company_registration_llc1")
    form = form_of(entry)
    form.fees[0]["amount_vnd"] = "75.000"
    form.fees[len(entry["fees"])] |= {"name": "Phí mới", "amount_vnd": "5000", "name_en": "New fee"}
    changed, problems = entry_from(entry, form, VALIDATOR)
    assert problems == {}
    assert changed["fees"][0] == {**entry["fees"][0], "amount_vnd": 75000}
    assert changed["fees"][-1] == {"name": "Phí mới", "amount_vnd": 5000}
    assert changed["en"]["fees"][0] == entry["en"]["fees"][0]
    assert changed["en"]["fees"][-1] == {"name": "New fee"}


def test_a_removed_document_takes_its_english_and_blank_form_along():
    entry = _entry("company_registration_llc1")
    form = form_of(entry)
    form.documents[0]["remove"] = "1"
    changed, problems = entry_from(entry, form, VALIDATOR)
    assert problems == {}
    assert changed["documents"] == entry["documents"][1:]
    assert changed["en"]["documents"] == entry["en"]["documents"][1:]


def test_what_is_typed_wrong_is_said_at_its_field():
    entry = _entry("company_registration_llc1")
    form = form_of(entry)
    form.fees[1]["amount_vnd"] = "năm mươi nghìn"
    form.fees[0]["name"] = "A"
    form.times[0]["amount"] = "hai"
    form.documents[0]["kind"] = "scan"
    form.documents[1]["count"] = "25"
    form.fees[0]["name_en"] = "A"
    form.result_type = ""
    _entry_after, problems = entry_from(entry, form, VALIDATOR)
    said = {field: problem.text() for field, problem in problems.items()}
    assert said == {
        "fees-1-amount_vnd": (
            "Số tiền: chỉ gồm chữ số, tính bằng đồng (như 50.000); để trống nếu mức thu do nơi khác quy định."
        ),
        "fees-0-name": "Cần ít nhất 2 ký tự.",
        "times-0-amount": "Thời hạn: nhập một số, phần lẻ sau dấu phẩy (như 0,5).",
        "documents-0-kind": "Chọn một giá trị trong danh sách.",
        "documents-1-count": "Không được lớn hơn 20.",
        "fees-0-name_en": "Cần ít nhất 2 ký tự.",
        "result_type": "Cần ít nhất 3 ký tự.",
    }


def test_without_a_general_time_the_times_table_says_so():
    entry = _entry("birth_registration")
    form = form_of(entry)
    for row in form.times:
        if row.get("origin"):
            row["channel"] = "online"
    _entry_after, problems = entry_from(entry, form, VALIDATOR)
    assert problems["times"].text() == "Cần một dòng thời hạn chung: không chọn kênh nộp, không ghi điều kiện."


def test_blank_rows_are_left_out_and_a_problem_names_the_row_it_was_typed_in():
    entry = _entry("birth_registration")
    form = EntryForm(
        times=[{"row": "0", "amount": "", "condition": ""}, {"row": "1", "amount": "3", "unit": "weeks"}],
        fees=[],
        documents=[{"row": "4", "name": "Tờ khai đăng ký khai sinh", "required": "1"}],
        legal_basis="Luật Hộ tịch 2014\n\n",
        result_type="Giấy khai sinh",
        process_key="one_stop",
    )
    changed, problems = entry_from(entry, form, VALIDATOR)
    assert set(problems) == {"times-1-unit"}
    assert changed["documents"] == [{"name": "Tờ khai đăng ký khai sinh"}]
    assert changed["legal_basis"] == ["Luật Hộ tịch 2014"]


def test_the_results_validity_is_typed_in_months_and_cleared_when_left_empty():
    entry = _entry("birth_registration")
    form = form_of(entry)
    assert form.result_valid_months == ""
    form.result_valid_months = " 6 "
    changed, problems = entry_from(entry, form, VALIDATOR)
    assert problems == {} and changed["result"] == {**entry["result"], "valid_months": 6}
    assert form_of(changed).result_valid_months == "6"

    for wrong in ("0", "sáu", "1201", "6,5"):
        form.result_valid_months = wrong
        assert set(entry_from(entry, form, VALIDATOR)[1]) == {"result_valid_months"}, wrong
    cleared = form_of(changed)
    cleared.result_valid_months = ""
    assert entry_from(changed, cleared, VALIDATOR)[0]["result"] == entry["result"]
