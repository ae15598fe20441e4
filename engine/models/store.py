"""The applicant's electronic document store (kho quản lý dữ liệu điện tử của tổ chức, cá nhân; Decree 45/2020
Art. 16): what they submitted and what was issued to them, offered again instead of asked for again."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import StoredFile

if TYPE_CHECKING:
    from engine.models.organisation import Agency


class DocumentOrigin(StrEnum):
    SUBMITTED = "submitted"  # the applicant's file in a dossier that was received
    RESULT = "result"  # a result an agency issued and returned to them


class ApplicantDocument(Base):
    """One document in an applicant's store; the applicant may hide it, nobody deletes it behind their back."""

    __tablename__ = "applicant_documents"
    __table_args__ = (UniqueConstraint("owner_id", "key", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(Text)  # the catalog document it satisfies (engine.catalog.document_keys)
    title: Mapped[str] = mapped_column(Text)  # its name where it came from
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    origin: Mapped[DocumentOrigin] = mapped_column(text_enum(DocumentOrigin))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"))
    dossier_code: Mapped[str] = mapped_column(String(40))  # kept should the dossier ever go
    issuing_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    issued_on: Mapped[date | None]  # a result's date of issue; unknown for the applicant's own papers
    expires_on: Mapped[date | None]  # the last day it may be used, where known
    added_at: Mapped[datetime]
    hidden_at: Mapped[datetime | None]

    stored: Mapped[StoredFile] = relationship(lazy="joined")
    issuing_agency: Mapped[Agency | None] = relationship(lazy="joined")

    def usable_on(self, day: date) -> bool:
        """Offered and accepted: not hidden by its owner, not past its validity."""
        return self.hidden_at is None and (self.expires_on is None or day <= self.expires_on)
