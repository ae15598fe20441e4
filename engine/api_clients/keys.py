"""API keys (khoá API): issued once to an administrator, kept only as an argon2 hash, revocable.

A key reads `mc_<prefix>_<secret>`; the prefix finds the client's row, the hash proves the whole key. Each client
acts through its own staff account holding the reception role in its agencies, so that the services' own permission
checks apply to it as to a clerk; revoking the key deactivates that account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from limits import parse
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.api_clients.scopes import ClientIdentity, Operation
from engine.audit import record_event
from engine.errors import N_, DomainError, InvalidData, NotFound
from engine.models import Agency, ApiClient, Role, RoleAssignment, User, UserKind
from engine.people.passwords import hash_password, verify_password
from engine.people.permissions import administrator
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

DEFAULT_RATE_LIMIT = "60/minute"
KEY_PREFIX = "mc"


class KeyMissing(DomainError):
    code = "key_missing"
    message = N_("Thiếu khoá API: gửi tiêu đề «Authorization: Bearer <khoá>».")


class KeyRefused(DomainError):
    code = "key_refused"
    message = N_("Khoá API không hợp lệ.")


class KeyRevoked(DomainError):
    code = "key_revoked"
    message = N_("Khoá API đã bị thu hồi.")


@dataclass(frozen=True)
class IssuedKey:
    client_id: int
    key: str  # shown once; only its hash is kept


def create_client(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    actor_id: int,
    name: str,
    agencies: list[str],
    operations: list[str],
    rate_limit: str = DEFAULT_RATE_LIMIT,
) -> IssuedKey:
    """A new client with its key and its own account; every problem in the request is reported at once."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, N_("cấp khoá API"))
        name = nfc(name.strip())
        errors: dict[str, str] = {}
        if not name or len(name) > 120:
            errors["name"] = N_("Tên hệ thống: bắt buộc, tối đa 120 ký tự.")
        elif session.scalar(select(ApiClient.id).where(ApiClient.name == name)):
            errors["name"] = N_("Tên hệ thống: đã có hệ thống mang tên này.")
        found = list(session.scalars(select(Agency).where(Agency.code.in_(agencies))))
        if not agencies or len(found) != len(set(agencies)):
            errors["agencies"] = N_("Cơ quan: chọn ít nhất một cơ quan có trong danh mục.")
        if not operations or not set(operations) <= set(Operation):
            errors["operations"] = N_("Phạm vi: chọn ít nhất một chức năng hợp lệ.")
        try:
            parse(rate_limit)
        except ValueError:
            errors["rate_limit"] = N_("Giới hạn tần suất: viết như «60/minute».")
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        prefix = secrets.token_hex(6)
        key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        account = User(
            username=f"api-{prefix}",
            email=None,
            full_name=name,
            password_hash=hash_password(secrets.token_urlsafe(32)),  # nobody knows it: the account never signs in
            kind=UserKind.STAFF,
            created_at=at,
            roles=[RoleAssignment(role=Role.RECEPTION_CLERK, agency_id=agency.id) for agency in found],
        )
        client = ApiClient(
            name=name,
            key_prefix=prefix,
            key_hash=hash_password(key),
            agencies=sorted(set(agencies)),
            operations=sorted(set(operations)),
            rate_limit=rate_limit,
            user=account,
            created_at=at,
            created_by_id=actor.id,
        )
        session.add(client)
        session.flush()
        after = {"client": name, "agencies": client.agencies, "operations": client.operations, "limit": rate_limit}
        record_event(session, "api_client_created", at, actor=actor, actor_role=Role.ADMIN.value, after=after)
        uow.commit()
        return IssuedKey(client.id, key)


def revoke_client(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, client_id: int) -> None:
    """The key stops working at once and for good; its account is deactivated."""
    with uow:
        session = uow.session
        actor = administrator(session, actor_id, N_("thu hồi khoá API"))
        client = session.get(ApiClient, client_id)
        if client is None:
            raise NotFound(what=N_("hệ thống kết nối"))
        if client.revoked_at is not None:
            raise InvalidData({"client": N_("Khoá API này đã bị thu hồi trước đó.")})
        at = runtime.clock.now()
        client.revoked_at, client.revoked_by_id = at, actor.id
        client.user.is_active = False
        client.user.session_version += 1
        record_event(
            session, "api_client_revoked", at, actor=actor, actor_role=Role.ADMIN.value, after={"client": client.name}
        )
        uow.commit()


def clients(session: Session) -> list[ApiClient]:
    return list(session.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)))


def authenticate(session: Session, key: str) -> ClientIdentity:
    """The client that holds this key; KeyMissing, KeyRefused or KeyRevoked otherwise."""
    if not key:
        raise KeyMissing()
    marker, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    client = session.scalar(select(ApiClient).where(ApiClient.key_prefix == prefix)) if marker == KEY_PREFIX else None
    if client is None or not secret or not _matches(client.key_hash, key):
        raise KeyRefused()
    if client.revoked_at is not None or not client.user.is_active:
        raise KeyRevoked()
    return ClientIdentity(
        client.id,
        client.name,
        client.user_id,
        frozenset(client.agencies),
        frozenset(Operation(op) for op in client.operations if op in set(Operation)),
        client.rate_limit,
    )


@lru_cache(maxsize=1024)
def _matches(key_hash: str, key: str) -> bool:
    """argon2 once per key and process: a client's every call would otherwise pay for it. Revocation is read from
    the row on every call, so the cache never lets a revoked key in."""
    return verify_password(key_hash, key)


def record_call(
    session: Session,
    client: ClientIdentity,
    at: datetime,
    *,
    method: str,
    path: str,
    status: int,
    dossier_code: str = "",
) -> None:
    """One API call in the audit log (nhật ký), with the answer it got; the dossier is named, not linked, so that a
    dossier's own history shows its steps rather than every read of it."""
    after = {"client": client.name, "method": method, "path": path, "status": status}
    if dossier_code:
        after["dossier"] = dossier_code
    actor = session.get(User, client.user_id)
    result = "ok" if status < 400 else "refused"
    record_event(session, "api_called", at, actor=actor, actor_role="api_client", result=result, after=after)
