"""Validation messages name the field by its Vietnamese title; text is stripped and NFC-normalised."""

from __future__ import annotations

import unicodedata

import pytest

from forms.validation import clean, validate


def test_valid_data_gives_no_errors():
    assert validate("check_completeness", {"decision": "complete"}) == {}
    assert validate("hand_over", {}) == {}


def test_required_field_named_by_title():
    assert validate("check_completeness", {}) == {"decision": "Kết quả kiểm tra: bắt buộc nhập."}


def test_enum_refused():
    assert validate("check_completeness", {"decision": "maybe"}) == {
        "decision": "Kết quả kiểm tra: giá trị không hợp lệ."
    }


def test_incomplete_requires_missing_documents_and_note():
    errors = validate("check_completeness", {"decision": "incomplete"})
    assert errors == {
        "missing_documents": "Giấy tờ cần bổ sung: bắt buộc nhập.",
        "supplement_note": "Nội dung yêu cầu bổ sung: bắt buộc nhập.",
    }


def test_missing_documents_rules():
    base = {"decision": "incomplete", "supplement_note": "Thiếu giấy tờ"}
    assert validate("check_completeness", {**base, "missing_documents": []}) == {
        "missing_documents": "Giấy tờ cần bổ sung: chọn ít nhất 1 mục."
    }
    assert validate("check_completeness", {**base, "missing_documents": [4, 4]}) == {
        "missing_documents": "Giấy tờ cần bổ sung: có mục bị trùng."
    }
    assert validate("check_completeness", {**base, "missing_documents": ["a"]}) == {
        "missing_documents": "Giấy tờ cần bổ sung: sai kiểu dữ liệu."
    }


def test_ineligible_requires_a_reason_of_five_characters():
    assert validate("check_completeness", {"decision": "ineligible"}) == {
        "refusal_reason": "Lý do từ chối: bắt buộc nhập."
    }
    assert validate("check_completeness", {"decision": "ineligible", "refusal_reason": "Sai"}) == {
        "refusal_reason": "Lý do từ chối: tối thiểu 5 ký tự."
    }


@pytest.mark.parametrize(
    ("form", "data", "field", "message"),
    [
        ("review", {"proposal": "result"}, "draft_summary", "Tóm tắt dự thảo kết quả: bắt buộc nhập."),
        ("review", {"proposal": "supplement"}, "supplement_note", "Nội dung yêu cầu bổ sung: bắt buộc nhập."),
        ("review", {"proposal": "refuse"}, "refusal_reason", "Lý do từ chối: bắt buộc nhập."),
        ("approve_supplement", {"decision": "reject"}, "reason", "Lý do không đồng ý: bắt buộc nhập."),
        ("approve_stop", {"decision": "reject"}, "reason", "Lý do không đồng ý: bắt buộc nhập."),
        ("department_approval", {"decision": "send_back"}, "reason", "Lý do trả lại: bắt buộc nhập."),
        ("sign", {"decision": "send_back", "reason": "   "}, "reason", "Lý do trả lại: bắt buộc nhập."),
        ("return_result", {"return_method": "counter"}, "receiver_name", "Người nhận kết quả: bắt buộc nhập."),
        ("return_result", {"return_method": "post"}, "tracking_number", "Mã bưu gửi: bắt buộc nhập."),
        ("contribute", {"opinion": "agree", "comment": "ok"}, "comment", "Nội dung ý kiến: tối thiểu 5 ký tự."),
        ("integrate", {"summary": "x" * 2001}, "summary", "Nội dung tổng hợp: tối đa 2000 ký tự."),
    ],
)
def test_conditional_and_length_rules(form, data, field, message):
    assert validate(form, data)[field] == message


def test_approvals_pass_without_reason():
    for form in ("approve_supplement", "approve_refusal", "approve_apology", "approve_stop"):
        assert validate(form, {"decision": "approve"}) == {}
    assert validate("sign", {"decision": "sign", "pin": "123456"}) == {}
    assert validate("sign", {"decision": "sign"}) == {"pin": "Mã PIN chữ ký số: bắt buộc nhập."}
    assert validate("return_result", {"return_method": "online"}) == {}


def test_unknown_fields_refused():
    assert validate("hand_over", {"x": 1}) == {"x": "Trường 'x' không được phép."}


def test_clean_strips_and_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "  Thiếu bản sao giấy khai sinh  ")
    cleaned = clean("check_completeness", {"decision": "incomplete", "supplement_note": decomposed, "note": " "})
    assert cleaned == {"decision": "incomplete", "supplement_note": "Thiếu bản sao giấy khai sinh"}
    assert unicodedata.is_normalized("NFC", cleaned["supplement_note"])


def test_decomposed_text_counts_letters_not_code_points():
    # "Sai ở" in NFD is longer than 5 code points; in NFC it is 5 characters and passes.
    reason = unicodedata.normalize("NFD", "Sai ở")
    assert validate("department_approval", {"decision": "send_back", "reason": reason}) == {}
