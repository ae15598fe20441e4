"""Leaders' signing certificates: an administrator uploads a PKCS#12; the demo gives every demo leader one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from engine.audit import record_event
from engine.documents.demo_ca import DEMO_PIN, CertificateAuthority
from engine.documents.signatures import read_pkcs12
from engine.errors import InvalidData, NotFound
from engine.models import RoleAssignment, SigningCertificate, User
from engine.people.permissions import LEADER_ROLES, administrator
from engine.runtime import Runtime
from engine.settings import Settings
from engine.uow import UnitOfWork

MAX_PKCS12_BYTES = 64 * 1024


def active_certificate(session: Session, user_id: int) -> SigningCertificate | None:
    """The user's certificate to sign with, its PKCS#12 read in the same statement."""
    return session.scalar(
        select(SigningCertificate)
        .options(undefer(SigningCertificate.pkcs12))
        .where(SigningCertificate.user_id == user_id, SigningCertificate.active)
        .order_by(SigningCertificate.id.desc())
    )


def _store(session: Session, user: User, data: bytes, pin: str, at: datetime, by: User | None) -> SigningCertificate:
    """Keep the PKCS#12 as uploaded (still locked by its password) and retire the user's previous one."""
    info = read_pkcs12(data, pin)
    session.execute(update(SigningCertificate).where(SigningCertificate.user_id == user.id).values(active=False))
    certificate = SigningCertificate(
        user_id=user.id,
        pkcs12=data,
        subject=info.subject,
        issuer=info.issuer,
        serial=info.serial,
        sha256=info.sha256,
        not_before=info.not_before,
        not_after=info.not_after,
        uploaded_at=at,
        uploaded_by_id=by.id if by else None,
    )
    session.add(certificate)
    return certificate


def upload_certificate(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, username: str, pkcs12_data: bytes, pin: str
) -> SigningCertificate:
    """An administrator uploads a leader's PKCS#12; the PIN opens it once to check it and is then forgotten."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, "tải lên chứng thư số")
        leader = session.scalar(select(User).where(User.username == username.strip()))
        if leader is None:
            raise NotFound(what=f"người dùng {username}")
        errors = {}
        if not any(a.role in LEADER_ROLES for a in leader.roles):
            errors["username"] = "Người dùng: chỉ lãnh đạo mới được cấp chứng thư số ký văn bản."
        if not pkcs12_data or len(pkcs12_data) > MAX_PKCS12_BYTES:
            errors["pkcs12"] = "Tệp PKCS#12: bắt buộc chọn tệp (.p12, .pfx) không quá 64 KB."
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        certificate = _store(session, leader, pkcs12_data, pin, at, actor)
        if certificate.not_after <= at:
            raise InvalidData({"pkcs12": "Tệp PKCS#12: chứng thư số đã hết hạn."})
        record_event(
            session, "certificate_uploaded", at, actor=actor, reason=f"{leader.username}: {certificate.subject}"
        )
        uow.commit()
        return certificate


def issue_demo_certificates(session: Session, at: datetime, settings: Settings) -> None:
    """The demo CA, trusted in the instance's signature-roots folder, and a certificate (PIN `DEMO_PIN`) for every
    leader who has none yet."""
    authority = CertificateAuthority.load_or_create(settings.demo_ca_dir, at)
    authority.trust_in(settings.signature_roots_dir)
    leaders = session.scalars(
        select(User)
        .join(RoleAssignment)
        .where(RoleAssignment.role.in_(LEADER_ROLES))
        .where(~select(SigningCertificate.id).where(SigningCertificate.user_id == User.id).exists())
        .distinct()
        .order_by(User.id)
    )
    for leader in list(leaders):
        agency = next(a.agency.name for a in leader.roles if a.role in LEADER_ROLES)
        data = authority.issue_pkcs12(leader.full_name, agency, DEMO_PIN, at)
        _store(session, leader, data, DEMO_PIN, at, None)
    session.flush()
