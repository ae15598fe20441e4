"""Demo data: a fictional province (tỉnh Thái An) with its agencies, one user per role, applicants and the catalog.

Loading is idempotent: what exists (by unit code, username or content hash) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog import publish, read_catalog
from engine.models import (
    Agency,
    AgencyTier,
    ApplicantType,
    Department,
    Role,
    RoleAssignment,
    User,
    UserKind,
)
from engine.passwords import hash_password

DEMO_PASSWORD = "motcua-demo"

# code, name, English name, tier, parent code, receives dossiers, departments (code, name; the first one is
# where the demo specialist and department leader work), login suffix
AGENCIES: tuple[tuple[str, str, str, AgencyTier, str | None, bool, tuple[tuple[str, str], ...], str], ...] = (
    ("000.00.00.H99", "Ủy ban nhân dân tỉnh Thái An", "Thai An Provincial People's Committee",
     AgencyTier.PROVINCE, None, False, (("VP", "Văn phòng Ủy ban nhân dân tỉnh"),), "ubt"),
    ("000.00.01.H99", "Trung tâm Phục vụ hành chính công tỉnh", "Provincial Public Administration Service Centre",
     AgencyTier.PROVINCIAL_AGENCY, "000.00.00.H99", True, (("TN", "Bộ phận tiếp nhận và trả kết quả"),), "ttpv"),
    ("000.00.31.H99", "Sở Tư pháp", "Department of Justice",
     AgencyTier.PROVINCIAL_AGENCY, "000.00.00.H99", False,
     (("HCTP", "Phòng Hành chính tư pháp"), ("VP", "Văn phòng Sở")), "stp"),
    ("000.00.11.H99", "Sở Tài chính", "Department of Finance",
     AgencyTier.PROVINCIAL_AGENCY, "000.00.00.H99", False, (("DKKD", "Phòng Đăng ký kinh doanh"),), "stc"),
    ("000.00.15.H99", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment",
     AgencyTier.PROVINCIAL_AGENCY, "000.00.00.H99", False, (("VPDKDD", "Văn phòng Đăng ký đất đai"),), "snnmt"),
    ("000.00.50.H99", "Công an tỉnh", "Provincial Police",
     AgencyTier.PROVINCIAL_AGENCY, "000.00.00.H99", False,
     (("PV06", "Phòng Hồ sơ nghiệp vụ"), ("PC08", "Phòng Cảnh sát giao thông")), "cat"),
    ("000.01.10.H99", "Ủy ban nhân dân phường An Hòa", "An Hoa Ward People's Committee",
     AgencyTier.COMMUNE, "000.00.00.H99", True,
     (("VHXH", "Phòng Văn hóa - Xã hội"), ("KT", "Phòng Kinh tế, Hạ tầng và Đô thị"),
      ("VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân")), "anhoa"),
    ("000.01.11.H99", "Ủy ban nhân dân xã Tân Lập", "Tan Lap Commune People's Committee",
     AgencyTier.COMMUNE, "000.00.00.H99", True,
     (("VHXH", "Phòng Văn hóa - Xã hội"), ("KT", "Phòng Kinh tế"),
      ("VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân")), "tanlap"),
)

LOGIN_PREFIX = {
    Role.RECEPTION_CLERK: "motcua",
    Role.SPECIALIST: "chuyenvien",
    Role.DEPARTMENT_LEADER: "truongphong",
    Role.AGENCY_LEADER: "lanhdao",
    Role.SUPERVISOR: "giamsat",
    Role.QA_EDITOR: "bientap",
    Role.ADMIN: "quantri",
}
PROVINCE_ROLES = (Role.SUPERVISOR, Role.QA_EDITOR, Role.ADMIN, Role.AGENCY_LEADER)
RESOLVING_ROLES = (Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
GIVEN_NAMES = ("Thị Lan", "Văn Minh", "Thị Hoa", "Quốc Bảo", "Thu Trang", "Đức Anh", "Ngọc Ánh", "Hữu Phước",
               "Thanh Hương", "Minh Tuấn", "Kim Ngân", "Văn Hùng", "Thị Mai", "Công Thành")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit: str


def load_demo_data(session: Session, at: datetime) -> list[DemoLogin]:
    """Create what is missing of the demo province and return every demo login."""
    agencies = _agencies(session)
    password_hash = hash_password(DEMO_PASSWORD)
    logins = _staff(session, agencies, password_hash, at) + _applicants(session, password_hash, at)
    for entry in read_catalog():
        publish(session, entry, at)
    return logins


def _agencies(session: Session) -> dict[str, Agency]:
    by_code = {a.code: a for a in session.scalars(select(Agency))}
    for code, name, name_en, tier, parent, receives, departments, _suffix in AGENCIES:
        agency = by_code.get(code)
        if agency is None:
            agency = by_code[code] = Agency(
                code=code, name=name, name_en=name_en, tier=tier,
                parent=by_code.get(parent) if parent else None, receives_dossiers=receives,
            )
            session.add(agency)
        existing = {d.code for d in agency.departments}
        agency.departments.extend(Department(code=c, name=n) for c, n in departments if c not in existing)
    session.flush()
    return by_code


def _roles_of(tier: AgencyTier, receives: bool) -> tuple[Role, ...]:
    if tier is AgencyTier.PROVINCE:
        return PROVINCE_ROLES
    return ((Role.RECEPTION_CLERK,) if receives else ()) + RESOLVING_ROLES


def _staff(session: Session, agencies: dict[str, Agency], password_hash: str, at: datetime) -> list[DemoLogin]:
    logins, index = [], 0
    for code, _name, _en, tier, _parent, receives, departments, suffix in AGENCIES:
        agency = agencies[code]
        main_department = next(d for d in agency.departments if d.code == departments[0][0])
        for role in _roles_of(tier, receives):
            username = LOGIN_PREFIX[role] if tier is AgencyTier.PROVINCE and role != Role.AGENCY_LEADER \
                else f"{LOGIN_PREFIX[role]}.{suffix}"
            full_name = f"{FAMILY_NAMES[index % len(FAMILY_NAMES)]} {GIVEN_NAMES[index % len(GIVEN_NAMES)]}"
            index += 1
            department = main_department if role in (Role.SPECIALIST, Role.DEPARTMENT_LEADER) else None
            user = _ensure_user(session, username, full_name, password_hash, at, UserKind.STAFF)
            if not any(r.role == role and r.agency_id == agency.id for r in user.roles):
                user.roles.append(RoleAssignment(role=role, agency=agency, department=department))
            unit = agency.name + (f" — {department.name}" if department else "")
            logins.append(DemoLogin(username, user.full_name, role.value, unit))
    session.flush()
    return logins


def _applicants(session: Session, password_hash: str, at: datetime) -> list[DemoLogin]:
    citizen = _ensure_user(
        session, "nguyenvanan", "Nguyễn Văn An", password_hash, at, UserKind.APPLICANT,
        email="nguyenvanan@example.vn", applicant_type=ApplicantType.CITIZEN, id_number="046090001234",
        date_of_birth=date(1990, 5, 12), phone="0912345678", address="12 Lê Lợi, phường An Hòa, tỉnh Thái An",
    )
    organisation = _ensure_user(
        session, "anphat", "Công ty TNHH Thương mại An Phát", password_hash, at, UserKind.APPLICANT,
        email="lienhe@anphat.example.vn", applicant_type=ApplicantType.ORGANISATION, tax_code="4600123456",
        phone="02343812345", address="45 Trần Hưng Đạo, phường An Hòa, tỉnh Thái An",
    )
    return [
        DemoLogin(citizen.username, citizen.full_name, "applicant (citizen)", "—"),
        DemoLogin(organisation.username, organisation.full_name, "applicant (organisation)", "—"),
    ]


def _ensure_user(
    session: Session, username: str, full_name: str, password_hash: str, at: datetime, kind: UserKind, **fields: object
) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, full_name=full_name, password_hash=password_hash, kind=kind, created_at=at,
                    **fields)
        session.add(user)
    return user
