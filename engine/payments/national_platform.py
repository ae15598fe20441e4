"""The national payment platform (Nền tảng thanh toán trực tuyến, PayGov) of Cổng Dịch vụ công quốc gia: the order
(khởi tạo giao dịch), the platform's signed result (IPN), the status query (truy vấn giao dịch) and the day's
transactions for reconciliation (đối soát).

Every message is JSON with a MaXacThuc: HMAC-SHA256 (hex) with the key the platform issued, over the message's
checksum fields joined by `|` in the order of `CHECKSUM_FIELDS`. The shapes follow OpenCPS's integration (see
docs/payments.md); what public sources do not show (the paths, the query answers, reconciliation) is assumed and
kept in the tables below so that a province changes data, not code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from engine.settings import PaymentPlatformSettings

SUCCESS = "00"  # MaLoi of a completed payment and of an accepted request
MOMENT = "%Y%m%d%H%M%S"  # ThoiGianGD, in Vietnam's time
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
END = ""  # OpenCPS ends the result's checksum text with `|`: an empty last field

# The order's fixed fields, each overridable by MOTCUA_PAYMENT_PLATFORM_FIELDS (values the platform assigns).
ORDER_DEFAULTS = {
    "PhienBan": "1.0.0",
    "LoaiHinhThanhToan": "",
    "MaKenhThanhToan": "",
    "MaThietBi": "1",
    "NgonNgu": "vi",
    "MaTienTe": "704",  # ISO 4217 numeric code of VND (assumed: the sources only read it from configuration)
    "MaNganHang": "",
    "MaDichVu": "2",  # 2: phí, lệ phí of a dossier (1: a fine), as OpenCPS fills ThongTinBienLai
}
# LoaiBanTin (message kind) and the path each message is posted to, below the platform's URL (paths assumed).
KINDS = {"order": "Init", "query": "GetBill", "result": "Confirm", "reconcile": "DoiSoat"}
PATHS = {"order": "/init", "query": "/query", "reconcile": "/reconcile"}
CHECKSUM_FIELDS = {
    "order": (
        "LoaiBanTin",
        "PhienBan",
        "MaDoiTac",
        "MaThamChieu",
        "SoTien",
        "LoaiHinhThanhToan",
        "MaKenhThanhToan",
        "MaThietBi",
        "NgonNgu",
        "MaTienTe",
        "MaNganHang",
        "ThongTinGiaoDich",
        "ThoiGianGD",
        "Ip",
    ),
    "result": (
        "LoaiBanTin",
        "MaDoiTac",
        "MaThamChieu",
        "SoTien",
        "MaTienTe",
        "MaNganHang",
        "ThongTinGiaoDich",
        "ThoiGianGD",
        END,
    ),
    "query": ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD"),
    "reconcile": ("LoaiBanTin", "PhienBan", "MaDoiTac", "Ngay"),  # assumed
    "answer": ("MaLoi", "MaDoiTac", "MaThamChieu", "ThoiGianGD"),  # assumed
}
RESULT_REQUIRED = ("MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaGiaoDich", "ThoiGianGD", "MaXacThuc")


class PlatformUnavailable(Exception):
    """The platform did not answer, answered an error, or answered what this side cannot read."""


@dataclass(frozen=True)
class Transaction:
    """One transaction as the platform reports it."""

    reference: str  # MaThamChieu: our order number
    transaction: str  # MaGiaoDich: the platform's
    amount_vnd: int
    succeeded: bool
    at: datetime | None = None


def checksum(message: Mapping[str, Any], kind: str, key: str) -> str:
    text = "|".join(str(message.get(name, "")) if name else "" for name in CHECKSUM_FIELDS[kind])
    return hmac.new(key.encode(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def moment(at: datetime) -> str:
    return at.astimezone(VIETNAM).strftime(MOMENT)


class NationalPlatform:
    """The platform seen from this system, with the settings it issued."""

    def __init__(self, settings: PaymentPlatformSettings) -> None:
        self.settings = settings
        self.fixed = {**ORDER_DEFAULTS, **settings.fields}

    def _signed(self, kind: str, message: dict[str, Any]) -> dict[str, Any]:
        message = {"LoaiBanTin": KINDS[kind], "MaDoiTac": self.settings.partner, **message}
        return {**message, "MaXacThuc": checksum(message, kind, self.settings.key)}

    def order(
        self,
        *,
        reference: str,
        amount_vnd: int,
        description: str,
        dossier_code: str,
        at: datetime,
        ip: str,
        return_url: str = "",
    ) -> dict[str, Any]:
        """The order (khởi tạo giao dịch), signed; ThongTinBienLai names the dossier for the receipt, return_url
        (outside the checksum, as OpenCPS sends it) is where the payer comes back to."""
        fixed = self.fixed
        receipt = {
            "MaDichVu": fixed["MaDichVu"],
            "MaHoSo": dossier_code,
            "NoiDungThanhToan": description,
            "DSKhoanNop": [{"NoiDung": description, "SoTien": str(amount_vnd)}],
        }
        return self._signed(
            "order",
            {
                **{name: fixed[name] for name in CHECKSUM_FIELDS["order"] if name in fixed},
                "MaThamChieu": reference,
                "SoTien": str(amount_vnd),
                "ThongTinGiaoDich": description,
                "ThoiGianGD": moment(at),
                "Ip": ip,
                "ThongTinBienLai": receipt,
            },
        ) | ({"return_url": return_url} if return_url else {})

    def start(self, **order: Any) -> str:
        """Send the order; the address of the platform's payment page, where the payer goes next."""
        answer = self._post("order", self.order(**order))
        address = str(answer.get("payment_url", ""))
        if not address.startswith(("https://", "http://")):
            raise PlatformUnavailable("the platform's answer has no payment_url")
        return address

    def verified_result(self, message: Mapping[str, Any]) -> Transaction | None:
        """The platform's result (IPN) when its MaXacThuc and partner code are right and its fields readable."""
        if not self.settings.key or any(name not in message for name in RESULT_REQUIRED):
            return None
        expected = checksum(message, "result", self.settings.key)
        if not hmac.compare_digest(expected, str(message["MaXacThuc"])):
            return None
        if str(message["MaDoiTac"]) != self.settings.partner:
            return None
        try:
            return _transaction(message)
        except PlatformUnavailable:
            return None

    def answer(self, code: str, text: str, message: Mapping[str, Any]) -> dict[str, Any]:
        """This side's signed answer to a result: MaLoi `00` when it was applied or already had been."""
        fields = {name: str(message.get(name, ""))[:80] for name in ("MaThamChieu", "ThoiGianGD")}
        body = {"MaLoi": code, "MoTaLoi": text, "MaDoiTac": self.settings.partner, **fields}
        return {**body, "MaXacThuc": checksum(body, "answer", self.settings.key)}

    def query(self, reference: str, created_at: datetime) -> Transaction | None:
        """The platform's record of one order (truy vấn giao dịch); None when it has none."""
        message = {"PhienBan": self.fixed["PhienBan"], "MaThamChieu": reference, "ThoiGianGD": moment(created_at)}
        answer = self._post("query", self._signed("query", message))
        return _transaction(answer) if answer.get("MaGiaoDich") else None

    def transactions_on(self, day: date) -> list[Transaction]:
        """Every transaction the platform recorded on a day (Vietnam's calendar), for reconciliation."""
        message = self._signed("reconcile", {"PhienBan": self.fixed["PhienBan"], "Ngay": day.strftime("%Y%m%d")})
        answer = self._post("reconcile", message)
        items = answer.get("DanhSachGiaoDich", [])
        if not isinstance(items, list):
            raise PlatformUnavailable("DanhSachGiaoDich is not a list")
        return [_transaction(item) for item in items]

    def _post(self, kind: str, message: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            self.settings.url.rstrip("/") + PATHS[kind],
            data=json.dumps(message, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout_seconds) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise PlatformUnavailable(f"the platform answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise PlatformUnavailable(f"the platform is unreachable: {error}") from error
        except ValueError as error:
            raise PlatformUnavailable(f"the platform answered no JSON: {error}") from error
        if not isinstance(answer, dict) or str(answer.get("MaLoi")) != SUCCESS:
            code = answer.get("MaLoi") if isinstance(answer, dict) else None
            raise PlatformUnavailable(f"the platform refused: MaLoi {code}")
        return answer


def _transaction(item: Mapping[str, Any]) -> Transaction:
    try:
        amount = int(str(item["SoTien"]))
        at = datetime.strptime(str(item.get("ThoiGianGD") or ""), MOMENT).replace(tzinfo=VIETNAM)
    except (KeyError, ValueError) as error:
        raise PlatformUnavailable(f"unreadable transaction: {error}") from error
    return Transaction(
        reference=str(item.get("MaThamChieu", ""))[:40],
        transaction=str(item.get("MaGiaoDich", ""))[:80],
        amount_vnd=amount,
        succeeded=str(item.get("MaLoi", "")) == SUCCESS,
        at=at,
    )
