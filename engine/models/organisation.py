"""Agencies (cơ quan) as a tree and their departments (phòng)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum


class AgencyTier(StrEnum):
    """Two-tier local government since 1 July 2025: the province and its agencies, and communes."""

    PROVINCE = "province"
    PROVINCIAL_AGENCY = "provincial_agency"
    COMMUNE = "commune"


class Agency(Base):
    """A unit with its code of Circular 10/2016/TT-BTTTT (e.g. 000.00.31.H47)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    symbol: Mapped[str] = mapped_column(String(20), default="")  # its part of a document's ký hiệu, e.g. STC
    tier: Mapped[AgencyTier] = mapped_column(text_enum(AgencyTier))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    receives_dossiers: Mapped[bool] = mapped_column(default=False)
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    # When its counter receives people (a commune's Saturday morning), as `sla.office_hours` text; "" = office hours.
    reception_hours: Mapped[str] = mapped_column(String(255), default="")

    parent: Mapped[Agency | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Agency]] = relationship(back_populates="parent")
    departments: Mapped[list[Department]] = relationship(back_populates="agency", order_by="Department.name")

    def __repr__(self) -> str:
        return f"<Agency {self.code} {self.name}>"


class Department(Base):
    """A department (phòng) inside an agency, where specialists and department leaders work."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")

    agency: Mapped[Agency] = relationship(back_populates="departments")
