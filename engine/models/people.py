"""Staff with roles per agency and department, and applicant accounts (công dân, tổ chức)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.organisation import Agency, Department


class UserKind(StrEnum):
    STAFF = "staff"
    APPLICANT = "applicant"


class ApplicantType(StrEnum):
    CITIZEN = "citizen"
    ORGANISATION = "organisation"


class Role(StrEnum):
    """What a member of staff may do, always within an agency (and a department for some roles)."""

    RECEPTION_CLERK = "reception_clerk"
    SPECIALIST = "specialist"
    DEPARTMENT_LEADER = "department_leader"
    AGENCY_LEADER = "agency_leader"
    SUPERVISOR = "supervisor"
    QA_EDITOR = "qa_editor"
    ADMIN = "admin"
    PROCEDURE_MANAGER = "procedure_manager"  # keeps the catalog entries of the procedures its agency resolves
    CONTENT_CONTRIBUTOR = "content_contributor"  # cộng tác viên: submits its agency's items to the portal
    CONTENT_EDITOR = "content_editor"  # biên tập viên of the portal's editorial board
    EDITOR_IN_CHIEF = "editor_in_chief"  # trưởng ban (or deputy): approves and publishes
    FINANCE_OFFICER = "finance_officer"  # kế toán: reconciles the payment gateway's days with recorded fees


class User(Base):
    """A person who signs in: a member of staff or an applicant."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    kind: Mapped[UserKind] = mapped_column(text_enum(UserKind))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    applicant_type: Mapped[ApplicantType | None] = mapped_column(text_enum(ApplicantType))
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    tax_code: Mapped[str | None] = mapped_column(String(20), index=True)
    date_of_birth: Mapped[date | None]
    email_verified_at: Mapped[datetime | None]
    session_version: Mapped[int] = mapped_column(default=1)  # bumped to end every signed-in session
    failed_logins: Mapped[int] = mapped_column(default=0)  # wrong passwords in a row
    locked_until: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(8), default="vi")  # of the notices an applicant receives

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleAssignment(Base):
    """One role of one member of staff in one agency, optionally narrowed to a department."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "agency_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(text_enum(Role))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))

    user: Mapped[User] = relationship(back_populates="roles")
    agency: Mapped[Agency] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
