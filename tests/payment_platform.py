"""A local stand-in for the national payment platform: a real HTTP server that checks each request's MaXacThuc and
partner code, keeps the orders it accepted, answers status queries and the day's transactions, and can be told to
fail."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from engine.payments.national_platform import KINDS, PATHS, SUCCESS, Transaction, checksum, moment
from engine.settings import PaymentPlatformSettings
from tests.stand_in import json_server

PARTNER = "000.00.01.H99"
KEY = "khoa-thu-nghiem"


class PaymentPlatformStandIn:
    def __init__(self, partner: str = PARTNER, key: str = KEY) -> None:
        self.partner, self.key = partner, key
        self.orders: list[dict[str, Any]] = []  # orders it accepted, in order
        self.days: dict[date, list[Transaction]] = {}  # what it reports for each day
        self.problems: list[str] = []  # why it refused requests
        self.failing = 0  # answer 503 to this many requests still
        self.server, self.thread = json_server(lambda path, _headers, body: self.answer(path, body))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/paygov"

    @property
    def settings(self) -> PaymentPlatformSettings:
        return PaymentPlatformSettings(url=self.url, partner=self.partner, key=self.key, timeout_seconds=5)

    def answer(self, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        if self.failing:
            self.failing -= 1
            return 503, {"MaLoi": "99", "MoTaLoi": "temporarily unavailable"}
        kind = next((k for k, p in PATHS.items() if path == "/paygov" + p), None)
        message = json.loads(body.decode("utf-8"))
        problems = []
        if kind is None or message.get("LoaiBanTin") != KINDS[kind]:
            problems.append(f"unknown message at {path}")
        elif message.get("MaXacThuc") != checksum(message, kind, self.key):
            problems.append("wrong MaXacThuc")
        if message.get("MaDoiTac") != self.partner:
            problems.append("wrong MaDoiTac")
        if problems:
            self.problems.extend(problems)
            return 200, {"MaLoi": "01", "MoTaLoi": "; ".join(problems)}
        if kind == "order":
            self.orders.append(message)
            return 200, {"MaLoi": SUCCESS, "payment_url": f"{self.url}/pay/{message['MaThamChieu']}"}
        if kind == "query":
            found = next((t for ts in self.days.values() for t in ts if t.reference == message["MaThamChieu"]), None)
            return 200, {"MaLoi": SUCCESS, **(self.item(found) if found else {})}
        day = datetime.strptime(message["Ngay"], "%Y%m%d").date()
        return 200, {"MaLoi": SUCCESS, "DanhSachGiaoDich": [self.item(t) for t in self.days.get(day, [])]}

    @staticmethod
    def item(paid: Transaction) -> dict[str, Any]:
        return {
            "MaThamChieu": paid.reference,
            "MaGiaoDich": paid.transaction,
            "SoTien": str(paid.amount_vnd),
            "MaLoi": SUCCESS if paid.succeeded else "99",
            "ThoiGianGD": moment(paid.at) if paid.at else "",
        }

    def result(self, paid: Transaction, **changes: str) -> dict[str, Any]:
        """The signed result (IPN) the platform posts for a transaction; `changes` after signing forge it."""
        message = {
            "LoaiBanTin": KINDS["result"],
            "MaDoiTac": self.partner,
            "MaTienTe": "704",
            "MaNganHang": "970436",
            "ThongTinGiaoDich": "Phí, lệ phí",
            **self.item(paid),
        }
        return {**message, "MaXacThuc": checksum(message, "result", self.key), **changes}

    def __enter__(self) -> PaymentPlatformStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
