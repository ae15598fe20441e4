"""The national portal's message shapes, queued in the outbox with the step that causes them.

DongBoHoSoMC (dossier sync) carries the dossier: code, procedure, applicant, dates of receipt, appointment and return,
status; CapNhatTienDoHoSoMC (progress update) carries one processing step: officer, moment, content, status.
Moments are local time written `yyyyMMddHHmmss`. Sources and field list: docs/api.md.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from engine.models import ApplicantType, Channel, Dossier, DossierStatus, OutboxMessage, User
from engine.national_portal.status_codes import national_status
from engine.settings import NationalPortalSettings

CHANNEL = "national"  # the outbox channel; its messages of one dossier are delivered in order
RECIPIENT = "Cổng Dịch vụ công quốc gia"
SYNC = "DongBoHoSoMC"
PROGRESS = "CapNhatTienDoHoSoMC"


def national_messages(
    portal: NationalPortalSettings,
    dossier: Dossier,
    *,
    at: datetime,
    tz: tzinfo,
    action: str,
    actor: User | None,
    status_before: DossierStatus,
    reason: str = "",
) -> list[OutboxMessage]:
    """What this step tells the national portal: the dossier when it is created or its status changes, then the
    step itself; nothing where no national portal is configured."""
    if not portal.url:
        return []
    created = action == "dossier_submitted"
    messages = []
    if created or dossier.status != status_before:
        sync = envelope(portal, SYNC, [dossier_sync(dossier, tz)], created)
        messages.append(_message(dossier, SYNC, at, action, sync))
    update = progress_update(dossier, tz, at=at, actor=actor, reason=reason)
    messages.append(_message(dossier, PROGRESS, at, action, envelope(portal, PROGRESS, [update], False)))
    return messages


def dossier_sync(dossier: Dossier, tz: tzinfo) -> dict[str, Any]:
    """One dossier in the shape of DongBoHoSoMC."""
    version = dossier.procedure_version
    status = national_status(dossier.status, dossier.submitted_at.astimezone(tz).date())
    organisation = dossier.applicant is not None and dossier.applicant.applicant_type is ApplicantType.ORGANISATION
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name_vi,
        "MaLinhVuc": "",
        "TenLinhVuc": version.sector,
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "2" if organisation else "1",
        "MaDoiTuong": dossier.applicant_id_number,
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": version.name_vi,
        "NgayTiepNhan": moment(dossier.received_at, tz),
        "NgayHenTra": moment(dossier.due_at, tz),
        "TrangThaiHoSo": str(status.code),
        "NgayTra": moment(dossier.returned_at, tz),
        "HinhThuc": "1" if dossier.channel is Channel.ONLINE else "0",
        "NgayKetThucXuLy": moment(dossier.resolved_at, tz),
        "DonViXuLy": dossier.resolving_agency.name,
        "GhiChu": "",
    }


def progress_update(
    dossier: Dossier, tz: tzinfo, *, at: datetime, actor: User | None, reason: str = ""
) -> dict[str, Any]:
    """One processing step in the shape of CapNhatTienDoHoSoMC."""
    status = national_status(dossier.status, dossier.submitted_at.astimezone(tz).date())
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": actor.full_name if actor else "",
        "ChucDanh": "",
        "ThoiDiemXuLy": moment(at, tz),
        "PhongBanXuLy": dossier.department.name if dossier.department else "",
        "NoiDungXuLy": f"{status.name}: {reason}" if reason else status.name,
        "TrangThai": str(status.code),
        "NgayBatDau": moment(dossier.received_at, tz),
        "NgayKetThucTheoQuyDinh": moment(dossier.due_at, tz),
    }


def moment(at: datetime | None, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%Y%m%d%H%M%S") if at else ""


def envelope(portal: NationalPortalSettings, service: str, data: list[dict[str, Any]], new: bool) -> dict[str, Any]:
    """The request as the portal takes it; the session token is added when it is sent, never stored."""
    return {"service": service, "isUpdating": "false" if new else "true", "madonvi": portal.unit, "data": data}


def _message(dossier: Dossier, service: str, at: datetime, action: str, body: dict[str, Any]) -> OutboxMessage:
    return OutboxMessage(
        dedup_key=f"{CHANNEL}:{service}:{dossier.code}:{dossier.version}:{action}"[:160],
        channel=CHANNEL,
        recipient=RECIPIENT,
        subject=f"{service} {dossier.code}",
        body=json.dumps(body, ensure_ascii=False),
        dossier_id=dossier.id,
        created_at=at,
        next_attempt_at=at,
    )
