"""The gateway protocol: every field signed, any change or extra field breaks the signature."""

from __future__ import annotations

from engine.payments import gateway as protocol

RESULT = {
    "merchant": "MOTCUA",
    "reference": "TT261123ABCDEF0123",
    "order": "000.00.01.H99-261123-0001",
    "amount": "100000",
    "currency": "VND",
    "transaction": "SBX0001",
    "response_code": "00",
    "paid_at": "20261123090000",
}


def test_a_signed_result_verifies_with_the_same_secret_only():
    signed = protocol.sign(RESULT, "shared-secret")
    assert protocol.verified(signed, "shared-secret", protocol.RESULT_FIELDS) == RESULT
    assert protocol.verified(signed, "another-secret", protocol.RESULT_FIELDS) is None
    assert protocol.verified(signed, "", protocol.RESULT_FIELDS) is None


def test_changed_missing_or_extra_fields_break_it():
    signed = protocol.sign(RESULT, "shared-secret")
    assert protocol.verified(signed | {"amount": "1000"}, "shared-secret", protocol.RESULT_FIELDS) is None
    assert protocol.verified(signed | {"bonus": "1"}, "shared-secret", protocol.RESULT_FIELDS) is None
    without = {k: v for k, v in signed.items() if k != "paid_at"}
    assert protocol.verified(without, "shared-secret", protocol.RESULT_FIELDS) is None
    assert protocol.verified({**RESULT, "signature": "0" * 64}, "shared-secret", protocol.RESULT_FIELDS) is None


def test_the_signed_text_is_the_sorted_url_encoded_fields():
    assert protocol.canonical({"b": "2 3", "a": "Hồ sơ", "signature": "x"}) == "a=H%E1%BB%93+s%C6%A1&b=2+3"
