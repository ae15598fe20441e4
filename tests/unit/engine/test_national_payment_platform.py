"""The national payment platform's messages: MaXacThuc over the documented fields in order, the order's shape, and a
result that verifies only untouched, with the right key and partner code."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from engine.payments.national_platform import NationalPlatform, Transaction, checksum
from engine.settings import PaymentPlatformSettings
from tests.payment_platform import KEY, PARTNER, PaymentPlatformStandIn

SETTINGS = PaymentPlatformSettings(url="http://127.0.0.1:9/paygov", partner=PARTNER, key=KEY)
AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
PAID = Transaction("TT261123ABCDEF0123", "PG000001", 100_000, True, AT)


def _hmac(text: str) -> str:
    return hmac.new(KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def test_the_order_is_signed_over_its_fields_in_the_documented_order():
    order = NationalPlatform(SETTINGS).order(
        reference="TT261123ABCDEF0123",
        amount_vnd=100_000,
        description="Phí, lệ phí hồ sơ 000.00.01.H99-261123-0001",
        dossier_code="000.00.01.H99-261123-0001",
        at=AT,
        ip="10.0.0.5",
    )
    assert (order["LoaiBanTin"], order["MaDoiTac"], order["SoTien"], order["ThoiGianGD"]) == (
        "Init",
        PARTNER,
        "100000",
        "20261123090000",
    )
    assert order["ThongTinBienLai"]["MaHoSo"] == "000.00.01.H99-261123-0001"
    text = (
        "Init|1.0.0|000.00.01.H99|TT261123ABCDEF0123|100000|||1|vi|704|"
        "|Phí, lệ phí hồ sơ 000.00.01.H99-261123-0001|20261123090000|10.0.0.5"
    )
    assert order["MaXacThuc"] == _hmac(text)


def test_configured_fields_replace_the_defaults_and_enter_the_checksum():
    settings = PaymentPlatformSettings(partner=PARTNER, key=KEY, fields={"MaKenhThanhToan": "2", "PhienBan": "2.1"})
    order = NationalPlatform(settings).order(
        reference="R1", amount_vnd=1, description="d", dossier_code="c", at=AT, ip="1.1.1.1"
    )
    assert (order["MaKenhThanhToan"], order["PhienBan"]) == ("2", "2.1")
    assert order["MaXacThuc"] == checksum(order, "order", KEY)


def test_the_result_checksum_ends_with_an_empty_field_as_opencps_computes_it():
    with PaymentPlatformStandIn() as platform:
        result = platform.result(PAID)
    text = "Confirm|000.00.01.H99|TT261123ABCDEF0123|100000|704|970436|Phí, lệ phí|20261123090000|"
    assert result["MaXacThuc"] == _hmac(text)


def test_a_result_verifies_untouched_only():
    with PaymentPlatformStandIn() as platform:
        result = platform.result(PAID)
        forged = platform.result(PAID, SoTien="1000")
        other_partner = PaymentPlatformStandIn(partner="000.00.02.H99").result(PAID)
    adapter = NationalPlatform(SETTINGS)
    verified = adapter.verified_result(result)
    assert verified is not None and (verified.reference, verified.amount_vnd, verified.succeeded) == (
        PAID.reference,
        100_000,
        True,
    )
    assert adapter.verified_result(forged) is None
    assert adapter.verified_result(other_partner) is None
    assert NationalPlatform(PaymentPlatformSettings(partner=PARTNER, key="other")).verified_result(result) is None
    assert adapter.verified_result({k: v for k, v in result.items() if k != "MaGiaoDich"}) is None
    assert adapter.verified_result(result | {"SoTien": "abc", "MaXacThuc": ""}) is None


def test_the_answer_to_a_result_is_signed_too():
    answer = NationalPlatform(SETTINGS).answer(
        "00", "Thành công", {"MaThamChieu": "R1", "ThoiGianGD": "20261123090000"}
    )
    assert answer["MaXacThuc"] == _hmac("00|000.00.01.H99|R1|20261123090000")
