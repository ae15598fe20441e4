"""A local stand-in for the National Public Service Portal: a real HTTP server that checks each request against the
published shapes (DongBoHoSoMC, CapNhatTienDoHoSoMC, DongBoKetQuaHoiDapGuiTuDVCQG) and the session token, keeps
what it accepted, and can be told to fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

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


def _request_schema(service: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["service", "isUpdating", "madonvi", "session", "data"],
        "properties": {
            "service": {"const": service},
            "isUpdating": {"enum": ["true", "false"]},
            "madonvi": {"type": "string", "minLength": 1},
            "data": {"type": "array", "minItems": 1, "items": item},
        },
    }


SCHEMAS = {
    "DongBoHoSoMC": Draft202012Validator(_request_schema("DongBoHoSoMC", SYNC_ITEM)),
    "CapNhatTienDoHoSoMC": Draft202012Validator(_request_schema("CapNhatTienDoHoSoMC", PROGRESS_ITEM)),
    "DongBoKetQuaHoiDapGuiTuDVCQG": Draft202012Validator(_request_schema("DongBoKetQuaHoiDapGuiTuDVCQG", ANSWER_ITEM)),
}


class NationalPortalStandIn:
    def __init__(self, token: str = "phien-thu-nghiem") -> None:
        self.token = token
        self.received: list[dict[str, Any]] = []  # the requests it accepted, in order
        self.problems: list[str] = []  # why it refused the others
        self.failing = 0  # answer 503 to this many requests still
        self.server, self.thread = json_server(lambda _path, body: self.answer(body))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/integration"

    def answer(self, body: bytes) -> tuple[int, dict[str, Any]]:
        if self.failing:
            self.failing -= 1
            return 503, {"error_code": -1, "message": "temporarily unavailable"}
        try:
            request = json.loads(body.decode("utf-8"))
        except ValueError:
            self.problems.append("not JSON")
            return 400, {"error_code": 1, "message": "not JSON"}
        validator = SCHEMAS.get(request.get("service"))
        errors = [e.message for e in validator.iter_errors(request)] if validator else ["unknown service"]
        if request.get("session") != self.token:
            errors.append("wrong session")
        if errors:
            self.problems.extend(errors)
            return 200, {"error_code": 1, "message": "; ".join(errors)}
        self.received.append(request)
        return 200, {"error_code": 0, "message": "OK"}

    def __enter__(self) -> NationalPortalStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


UNIT = "000.00.00.H99"  # the province's madonvi at the portal


def connected_settings(tmp_path: Path, db_url: str, portal: NationalPortalStandIn, token: str = "") -> Settings:
    """Test settings with the national connection pointed at the stand-in (its own token unless told another)."""
    return Settings(
        instance_dir=tmp_path / "instance",
        database_url=db_url,
        secret_key="test-secret",
        environment="development",
        national_portal=NationalPortalSettings(portal.url, UNIT, token or portal.token),
    )
