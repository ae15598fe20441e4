"""A local stand-in for the National Public Service Portal: a real HTTP server that checks each request against the
published shapes (DongBoHoSoMC, CapNhatTienDoHoSoMC, DongBoKetQuaHoiDapGuiTuDVCQG, DongBoHoiDap,
LayDanhSachHoiDapGuiTuDVCQG), the login (username, password, `dstcode` header) and the session it issued, keeps what
it accepted, lists the questions it is given, and can be told to fail, refuse or forget its session."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import select

from engine.models import OutboxMessage
from engine.runtime import Runtime
from engine.settings import NationalPortalSettings, Settings
from tests.stand_in import json_server

MOMENT = {"type": "string", "pattern": r"^(\d{14})?$"}
STATUS = {"type": "string", "enum": [str(code) for code in range(1, 11)]}
TEXT = {"type": "string"}
SYNC_ITEM = {
    "type": "object",
    "required": [
        "MaHoSo",
        "MaTTHC",
        "TenTTHC",
        "ChuHoSo",
        "LoaiDoiTuong",
        "NgayTiepNhan",
        "NgayHenTra",
        "TrangThaiHoSo",
        "NgayTra",
        "HinhThuc",
        "DonViXuLy",
    ],
    "properties": {
        "MaHoSo": {"type": "string", "minLength": 1},
        "MaTTHC": {"type": "string", "minLength": 1},
        "TenTTHC": TEXT,
        "ChuHoSo": TEXT,
        "LoaiDoiTuong": {"enum": ["1", "2"]},
        "NgayTiepNhan": MOMENT,
        "NgayHenTra": MOMENT,
        "TrangThaiHoSo": STATUS,
        "NgayTra": MOMENT,
        "HinhThuc": {"enum": ["0", "1"]},
        "NgayKetThucXuLy": MOMENT,
        "DonViXuLy": TEXT,
    },
}
PROGRESS_ITEM = {
    "type": "object",
    "required": ["MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai"],
    "properties": {
        "MaHoSo": {"type": "string", "minLength": 1},
        "NguoiXuLy": TEXT,
        "ThoiDiemXuLy": {"type": "string", "pattern": r"^\d{14}$"},
        "NoiDungXuLy": TEXT,
        "TrangThai": STATUS,
        "NgayBatDau": MOMENT,
        "NgayKetThucTheoQuyDinh": MOMENT,
    },
}

ANSWER_ITEM = {
    "type": "object",
    "required": ["HOIDAPID", "MADONVI", "NGUOITRALOI", "NGAYTRALOI", "NOIDUNGTRALOI"],
    "properties": {
        "HOIDAPID": {"type": "string", "minLength": 1},
        "MADONVI": {"type": "string", "minLength": 1},
        "NGUOITRALOI": {"type": "string", "minLength": 1},
        "CHUCVUNGUOITRALOI": TEXT,
        "NGAYTRALOI": {"type": "string", "pattern": r"^\d{2}/\d{2}/\d{4}$"},
        "NOIDUNGTRALOI": {"type": "string", "minLength": 1},
    },
}


PUBLISHED_ITEM = {
    "type": "object",
    "required": ["HOIDAPID", "MaLinhVuc", "NOIDUNG", "MADONVI", "TENDONVI", "NOIDUNGTRALOI"],
    "properties": {
        "HOIDAPID": {"type": "string", "minLength": 1},
        "MaLinhVuc": TEXT,
        "NOIDUNG": {"type": "string", "minLength": 1},
        "MADONVI": {"type": "string", "minLength": 1},
        "TENDONVI": {"type": "string", "minLength": 1},
        "NOIDUNGTRALOI": {"type": "string", "minLength": 1},
    },
}


def _request_schema(service: str, item: dict[str, Any] | None = None) -> dict[str, Any]:
    """A sent item list (`data`, `isUpdating`) or, without an item, a read (`LaY...`)."""
    envelope = {
        "type": "object",
        "required": ["service", "madonvi", "session"],
        "properties": {"service": {"const": service}, "madonvi": {"type": "string", "minLength": 1}},
    }
    if item is not None:
        envelope["required"] += ["isUpdating", "data"]
        envelope["properties"] |= {
            "isUpdating": {"enum": ["true", "false"]},
            "data": {"type": "array", "minItems": 1, "items": item},
        }
    return envelope


QUESTIONS = "LayDanhSachHoiDapGuiTuDVCQG"
SCHEMAS = {
    "DongBoHoSoMC": Draft202012Validator(_request_schema("DongBoHoSoMC", SYNC_ITEM)),
    "CapNhatTienDoHoSoMC": Draft202012Validator(_request_schema("CapNhatTienDoHoSoMC", PROGRESS_ITEM)),
    "DongBoKetQuaHoiDapGuiTuDVCQG": Draft202012Validator(_request_schema("DongBoKetQuaHoiDapGuiTuDVCQG", ANSWER_ITEM)),
    "DongBoHoiDap": Draft202012Validator(_request_schema("DongBoHoiDap", PUBLISHED_ITEM)),
    QUESTIONS: Draft202012Validator(_request_schema(QUESTIONS)),
}
USERNAME, PASSWORD, DSTCODE = "motcua.h99", "mat-khau-thu-nghiem", "DVCQG"


class NationalPortalStandIn:
    """Logs the province in at `/auth` (issuing a new session each time), takes calls at `/integration`."""

    def __init__(self) -> None:
        self.sessions: list[str] = []  # every session it issued, the valid one last
        self.received: list[dict[str, Any]] = []  # the requests it accepted, in order
        self.problems: list[str] = []  # why it refused the others
        self.failing = 0  # answer 503 to this many requests still
        self.refusing = 0  # answer error_code 1 to this many calls still
        self.questions: list[dict[str, Any]] = []  # what LayDanhSachHoiDapGuiTuDVCQG lists
        self.server, self.thread = json_server(self.answer)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url, self.login_url = f"{base}/integration", f"{base}/auth"

    def expire_session(self) -> None:
        """The portal forgets the session it issued: the next call is answered 401."""
        self.sessions.append("")

    def answer(self, path: str, headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        if self.failing:
            self.failing -= 1
            return 503, {"error_code": -1, "message": "temporarily unavailable"}
        try:
            request = json.loads(body.decode("utf-8"))
        except ValueError:
            self.problems.append("not JSON")
            return 400, {"error_code": 1, "message": "not JSON"}
        if headers.get("dstcode") != DSTCODE:
            self.problems.append("wrong dstcode")
            return 400, {"error_code": 1, "message": "wrong dstcode"}
        if path == "/auth":
            return self.login(request)
        if not self.sessions or request.get("session") != self.sessions[-1]:
            self.problems.append("wrong session")
            return 401, {"error_code": 401, "message": "unauthorised"}
        validator = SCHEMAS.get(request.get("service"))
        errors = [e.message for e in validator.iter_errors(request)] if validator else ["unknown service"]
        if self.refusing:
            self.refusing -= 1
            errors.append("refused on purpose")
        if errors:
            self.problems.extend(errors)
            return 200, {"error_code": 1, "message": "; ".join(errors)}
        self.received.append(request)
        if request["service"] == QUESTIONS:
            return 200, {"error_code": 0, "result": self.questions}
        return 200, {"error_code": 0, "message": "OK"}

    def login(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if (request.get("username"), request.get("password")) != (USERNAME, PASSWORD):
            self.problems.append("wrong login")
            return 200, {"error_code": 1, "message": "wrong username or password"}
        self.sessions.append(f"phien-{len(self.sessions) + 1}")
        return 200, {"error_code": 0, "session": self.sessions[-1]}

    def __enter__(self) -> NationalPortalStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


UNIT = "000.00.00.H99"  # the province's madonvi at the portal


def portal_settings(portal: NationalPortalStandIn, password: str = PASSWORD) -> NationalPortalSettings:
    """The national connection pointed at the stand-in, with its account (or another password)."""
    return NationalPortalSettings(
        url=portal.url, unit=UNIT, login_url=portal.login_url, username=USERNAME, password=password, dstcode=DSTCODE
    )


def connected_settings(tmp_path: Path, db_url: str, portal: NationalPortalStandIn) -> Settings:
    """Test settings with the national connection pointed at the stand-in."""
    return Settings(
        instance_dir=tmp_path / "instance",
        database_url=db_url,
        secret_key="test-secret",
        environment="development",
        national_portal=portal_settings(portal),
    )


def national_messages(runtime: Runtime) -> list[OutboxMessage]:
    """The messages queued for the national portal, oldest first."""
    with runtime.unit_of_work() as uow:
        found = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == "national").order_by(OutboxMessage.id)
        ).all()
        uow.session.expunge_all()
        return list(found)
